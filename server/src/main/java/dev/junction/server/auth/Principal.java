package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;

/**
 * Returns who made a request, once its credentials were verified.
 *
 * @param subject the principal's id, recorded as the creator of the operations it starts
 */
public record Principal(String subject) {
  private static final AttributeKey<Principal> KEY =
      AttributeKey.valueOf(Principal.class, "principal");

  public Principal {
    requireNonNull(subject, "subject");
  }

  /** Attaches this principal to the request being served. */
  public void attachTo(ServiceRequestContext ctx) {
    ctx.setAttr(KEY, this);
  }

  /** Returns the principal of the request being served, or null before authentication. */
  public static @Nullable Principal of(ServiceRequestContext ctx) {
    return ctx.attr(KEY);
  }
}
