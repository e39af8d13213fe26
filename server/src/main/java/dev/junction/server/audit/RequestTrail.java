package dev.junction.server.audit;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.AuditTrail;
import dev.junction.core.access.Identity;
import dev.junction.core.audit.AuditEvent;
import dev.junction.server.auth.RequestIdentity;
import io.netty.util.AttributeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the core said about one request, kept on the request until the audit log records it.
 *
 * <p>A request whose answer is the operation its change submitted (the Yandex API's mutations:
 * {@link #answersWithTheOperation}) is recorded in the change's own transaction, as it will read
 * once answered; the audit decorator then writes nothing more for it, unless the answer turned out
 * otherwise.
 */
public final class RequestTrail implements AuditTrail {
  private static final AttributeKey<RequestTrail> KEY =
      AttributeKey.valueOf(RequestTrail.class, "trail");

  private final ServiceRequestContext ctx;
  private final List<String> denied = new ArrayList<>();
  private final List<String> touched = new ArrayList<>();
  private boolean recordOnCommit;
  private @Nullable AuditEvent recorded;

  private RequestTrail(ServiceRequestContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Returns the trail of {@code ctx}, starting one if it has none. The audit decorator starts it as
   * the request arrives, before any other thread can look for it.
   */
  public static RequestTrail of(ServiceRequestContext ctx) {
    RequestTrail trail = ctx.attr(KEY);
    if (trail == null) {
      trail = new RequestTrail(ctx);
      ctx.setAttr(KEY, trail);
    }
    return trail;
  }

  /**
   * Says that the request is answered, once its change commits, with the operation the change
   * submitted, so that its record can be written in the change's transaction; returns this trail.
   */
  public synchronized RequestTrail answersWithTheOperation() {
    recordOnCommit = true;
    return this;
  }

  @Override
  public synchronized void denied(String action, String resource) {
    denied.add(action + " " + resource);
  }

  @Override
  public synchronized void touched(String resource) {
    touched.add(resource);
  }

  /**
   * Returns the record of a request answered with its operation, as the audit decorator would write
   * it once the answer is sent: outcome {@code ok}, the resources touched so far and {@code
   * resource}. Only the first change of a request is recorded so, and none after a denial.
   */
  @Override
  public synchronized Optional<AuditEvent> onCommit(String resource, Instant at) {
    if (!recordOnCommit || recorded != null || !denied.isEmpty()) {
      return Optional.empty();
    }
    List<String> resources = new ArrayList<>(touched);
    resources.add(resource);
    return Optional.of(event(ctx, at, String.join(",", resources), "ok"));
  }

  @Override
  public synchronized void recorded(AuditEvent event) {
    if (recorded == null) {
      recorded = event;
    }
  }

  /** Returns the record committed with the request's change, if there is one. */
  synchronized Optional<AuditEvent> committedRecord() {
    return Optional.ofNullable(recorded);
  }

  /** Returns the first refusal of the core, such as {@code write private connection cpc...}. */
  synchronized Optional<String> firstDenial() {
    return denied.stream().findFirst();
  }

  /** Returns the resources the request changed, comma-separated. */
  synchronized String touchedResources() {
    return String.join(",", touched);
  }

  /** Returns the audit record of the request of {@code ctx}, about {@code resource}. */
  static AuditEvent event(ServiceRequestContext ctx, Instant at, String resource, String outcome) {
    Identity identity = RequestIdentity.of(ctx);
    return new AuditEvent(
        at,
        identity == null ? "anonymous" : identity.principal().id(),
        identity == null ? "" : identity.principal().tenantId(),
        ctx.method() + " " + ctx.path(),
        resource,
        ctx.id().text(),
        ctx.clientAddress().getHostAddress(),
        outcome);
  }
}
