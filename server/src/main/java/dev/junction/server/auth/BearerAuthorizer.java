package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.Authorizer;
import dev.junction.core.access.Identities;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a request whose {@code Authorization: Bearer} token is known, unexpired and unrevoked,
 * and attaches its identity to the request. The token is looked up in the store (off the event
 * loop) on every request, so a revoked token is refused from the next request on, on every replica.
 */
final class BearerAuthorizer implements Authorizer<OAuth2Token> {
  private final Identities identities;

  BearerAuthorizer(Identities identities) {
    this.identities = requireNonNull(identities, "identities");
  }

  @Override
  public CompletionStage<Boolean> authorize(ServiceRequestContext ctx, OAuth2Token token) {
    return CompletableFuture.supplyAsync(
        () ->
            identities
                .authenticate(token.accessToken())
                .map(
                    identity -> {
                      RequestIdentity.attach(ctx, identity);
                      return true;
                    })
                .orElse(false),
        ctx.blockingTaskExecutor());
  }

  static boolean hasBearer(HttpRequest req) {
    String header = req.headers().get("authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
