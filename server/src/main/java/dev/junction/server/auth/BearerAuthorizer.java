package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.Authorizer;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identity;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a request whose {@code Authorization: Bearer} token is known, unexpired and unrevoked,
 * and attaches its identity to the request. A token the store confirmed less than the cache's bound
 * ago is accepted on the event loop; any other is looked up in the store off it.
 */
final class BearerAuthorizer implements Authorizer<OAuth2Token> {
  private final CredentialCache credentials;

  BearerAuthorizer(CredentialCache credentials) {
    this.credentials = requireNonNull(credentials, "credentials");
  }

  @Override
  public CompletionStage<Boolean> authorize(ServiceRequestContext ctx, OAuth2Token token) {
    String secret = token.accessToken();
    Optional<Identity> cached = credentials.cachedToken(secret);
    if (cached.isPresent()) {
      RequestIdentity.attach(ctx, cached.get());
      return CompletableFuture.completedFuture(true);
    }
    return CompletableFuture.supplyAsync(
        () -> RequestIdentity.attachIfPresent(ctx, credentials.authenticate(secret)),
        ctx.blockingTaskExecutor());
  }

  static boolean hasBearer(HttpRequest req) {
    String header = req.headers().get("authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
