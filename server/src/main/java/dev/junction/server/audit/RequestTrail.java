package dev.junction.server.audit;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.AuditTrail;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the core said about one request, kept on the request until the audit log records it. */
public final class RequestTrail implements AuditTrail {
  private static final AttributeKey<RequestTrail> KEY =
      AttributeKey.valueOf(RequestTrail.class, "trail");

  private final List<String> denied = new ArrayList<>();
  private final List<String> touched = new ArrayList<>();

  /**
   * Returns the trail of {@code ctx}, starting one if it has none. The audit decorator starts it as
   * the request arrives, before any other thread can look for it.
   */
  public static RequestTrail of(ServiceRequestContext ctx) {
    RequestTrail trail = ctx.attr(KEY);
    if (trail == null) {
      trail = new RequestTrail();
      ctx.setAttr(KEY, trail);
    }
    return trail;
  }

  @Override
  public synchronized void denied(String action, String resource) {
    denied.add(action + " " + resource);
  }

  @Override
  public synchronized void touched(String resource) {
    touched.add(resource);
  }

  /** Returns the first refusal of the core, such as {@code write private connection cpc...}. */
  synchronized Optional<String> firstDenial() {
    return denied.stream().findFirst();
  }

  /** Returns the resources the request changed, comma-separated. */
  synchronized String touchedResources() {
    return String.join(",", touched);
  }
}
