package dev.junction.server.auth;

import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Identity;
import io.netty.util.AttributeKey;
import java.util.Optional;

/** Keeps who a request's credentials stand for on the request, once they were verified. */
public final class RequestIdentity {
  private static final AttributeKey<Identity> KEY =
      AttributeKey.valueOf(RequestIdentity.class, "identity");

  private RequestIdentity() {}

  /** Records {@code identity}, whose credentials were verified, as who made the request. */
  public static void attach(ServiceRequestContext ctx, Identity identity) {
    ctx.setAttr(KEY, identity);
  }

  /** Attaches {@code identity} if present, and returns whether it was. */
  static boolean attachIfPresent(ServiceRequestContext ctx, Optional<Identity> identity) {
    identity.ifPresent(each -> attach(ctx, each));
    return identity.isPresent();
  }

  /** Returns the identity of the request being served, or null before authentication. */
  public static @Nullable Identity of(ServiceRequestContext ctx) {
    return ctx.attr(KEY);
  }
}
