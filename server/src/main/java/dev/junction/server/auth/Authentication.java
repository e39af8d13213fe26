package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.AuthService;
import com.linecorp.armeria.server.auth.AuthTokenExtractors;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.store.StoreUnavailable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Returns the decorator that lets only authenticated requests through: every request needs {@code
 * Authorization: Bearer <token>} with a valid token, or {@code X-Auth-Email} and {@code X-Auth-Key}
 * with a valid global key; a valid bearer token wins when both are sent. A refused request gets the
 * answer of the dialect it was addressed to.
 */
public final class Authentication {
  private final CredentialCache credentials;

  /** Answers a refused request: what is missing or wrong, in the dialect's own error form. */
  @FunctionalInterface
  public interface Refusal {
    HttpResponse refuse(ServiceRequestContext ctx, HttpRequest req, String message);
  }

  public Authentication(CredentialCache credentials) {
    this.credentials = requireNonNull(credentials, "credentials");
  }

  /**
   * Returns a decorator that authenticates requests and answers failures with {@code refusal}; a
   * request whose credentials could not be looked up because the store is out of reach is not
   * refused as unauthenticated but answered with {@code unavailable}.
   */
  public Function<? super HttpService, AuthService> newDecorator(
      Refusal refusal, Refusal unavailable) {
    return AuthService.builder()
        .addTokenAuthorizer(AuthTokenExtractors.oAuth2(), new BearerAuthorizer(credentials))
        .addTokenAuthorizer(GlobalKeyAuthorizer::extract, new GlobalKeyAuthorizer(credentials))
        .onFailure(
            (delegate, ctx, req, cause) ->
                afterBody(
                    req,
                    () ->
                        storeUnavailable(cause)
                            ? unavailable.refuse(ctx, req, StoreUnavailable.MESSAGE)
                            : refusal.refuse(
                                ctx,
                                req,
                                BearerAuthorizer.hasBearer(req)
                                    ? "the bearer token is not valid"
                                    : GlobalKeyAuthorizer.extract(req.headers()) != null
                                        ? "the X-Auth-Email and X-Auth-Key pair is not valid"
                                        : "the request has no Authorization: Bearer token")))
        .newDecorator();
  }

  private static boolean storeUnavailable(Throwable cause) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (each instanceof StoreUnavailable) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code answer} once the request body has been read (and dropped). Answering before the
   * body is in makes HTTP/2 reset the stream, which some clients report as a failed request instead
   * of reading the answer.
   */
  public static HttpResponse afterBody(HttpRequest req, Supplier<HttpResponse> answer) {
    return HttpResponse.of(req.aggregate().thenApply(ignored -> answer.get()));
  }
}
