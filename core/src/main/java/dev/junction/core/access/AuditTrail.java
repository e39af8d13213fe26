package dev.junction.core.access;

import dev.junction.core.audit.AuditEvent;
import java.time.Instant;
import java.util.Optional;

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

  /**
   * Returns the audit record of this request as it will read once its change to {@code resource},
   * being written now, has committed and been answered, for the core to append in that same
   * transaction (one commit for the change and its record); empty if the request is recorded only
   * after its answer, as by default. Called inside the transaction, which may run more than once:
   * it must not change the trail.
   *
   * @param at when the change was made: its operation's creation
   */
  default Optional<AuditEvent> onCommit(String resource, Instant at) {
    return Optional.empty();
  }

  /**
   * The record {@link #onCommit} returned has committed with the change: whoever records the
   * request need not record it again, unless its answer turns out otherwise.
   */
  default void recorded(AuditEvent event) {}

  /** A trail that records nothing, for work that is not a request. */
  AuditTrail NONE =
      new AuditTrail() {
        @Override
        public void denied(String action, String resource) {}

        @Override
        public void touched(String resource) {}
      };
}
