package dev.junction.core.access;

/**
 * Hears, during one request, what the core denied and which resource the request changed, so that
 * whoever records the request (the server's audit log) can say so. It must not block.
 */
public interface AuditTrail {

  /**
   * The caller was refused {@code action} on {@code resource} (answered as not found or denied).
   */
  void denied(String action, String resource);

  /** The request changed, or started to change, {@code resource}. */
  void touched(String resource);

  /** A trail that records nothing, for work that is not a request. */
  AuditTrail NONE =
      new AuditTrail() {
        @Override
        public void denied(String action, String resource) {}

        @Override
        public void touched(String resource) {}
      };
}
