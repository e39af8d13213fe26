package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.Authorizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a request whose {@code Authorization: Bearer} token is known, and attaches its principal
 * to the request.
 */
final class BearerAuthorizer implements Authorizer<OAuth2Token> {
  private final TokenVerifier tokens;

  BearerAuthorizer(TokenVerifier tokens) {
    this.tokens = requireNonNull(tokens, "tokens");
  }

  @Override
  public CompletionStage<Boolean> authorize(ServiceRequestContext ctx, OAuth2Token token) {
    return CompletableFuture.completedFuture(
        tokens
            .verify(token.accessToken())
            .map(
                principal -> {
                  principal.attachTo(ctx);
                  return true;
                })
            .orElse(false));
  }

  static boolean hasBearer(HttpRequest req) {
    String header = req.headers().get("authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }
}
