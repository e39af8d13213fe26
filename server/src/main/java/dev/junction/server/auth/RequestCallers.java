package dev.junction.server.auth;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Access;
import dev.junction.core.access.Caller;
import dev.junction.core.access.Identity;
import dev.junction.server.audit.RequestTrail;
import java.util.Optional;

/** Returns the core's view of who made the request being served. */
public final class RequestCallers {
  private RequestCallers() {}

  /**
   * Returns the caller of {@code ctx}, as {@link #of}, for an API that answers a change with the
   * operation it submitted (Yandex): the request's audit record is then written in the change's own
   * transaction ({@link RequestTrail#answersWithTheOperation}).
   */
  public static Caller answeredWithTheOperation(ServiceRequestContext ctx) {
    RequestTrail.of(ctx).answersWithTheOperation();
    return of(ctx);
  }

  /**
   * Returns the caller of {@code ctx}: its authenticated principal and access, the request id and
   * the client address for the audit log, and the request's audit trail. A request that was not
   * authenticated (none reaches the dialects) may do nothing.
   */
  public static Caller of(ServiceRequestContext ctx) {
    Identity identity = RequestIdentity.of(ctx);
    String source = ctx.clientAddress().getHostAddress();
    if (identity == null) {
      return new Caller(
          "anonymous",
          "",
          Access.NONE,
          Optional.empty(),
          ctx.id().text(),
          source,
          RequestTrail.of(ctx));
    }
    return new Caller(
        identity.principal().id(),
        identity.principal().tenantId(),
        identity.access(),
        Optional.empty(),
        ctx.id().text(),
        source,
        RequestTrail.of(ctx));
  }
}
