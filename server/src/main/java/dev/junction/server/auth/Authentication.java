package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.auth.AuthService;
import com.linecorp.armeria.server.auth.AuthTokenExtractors;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identity;
import dev.junction.core.store.StoreUnavailable;
import java.util.Optional;
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
   *
   * <p>A bearer token the credential cache confirmed less than its bound ago is accepted here, on
   * the event loop, and the request goes straight on ({@link BearerFastPath}); every other request
   * (a token to look up in the store, a global key, no or a bad credential) goes through Armeria's
   * {@code AuthService}, which answers a request it let through from a task queued on the event
   * loop, behind a deferred response, even when its answer was known at once.
   */
  public Function<? super HttpService, ? extends HttpService> newDecorator(
      Refusal refusal, Refusal unavailable) {
    Function<? super HttpService, AuthService> full = authService(refusal, unavailable);
    return delegate -> new BearerFastPath(delegate, full.apply(delegate), credentials);
  }

  private Function<? super HttpService, AuthService> authService(
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

  /**
   * Lets a request whose bearer token the cache holds straight through to the service, with its
   * identity attached, and hands any other to {@code AuthService}: the answer is the one the
   * service would have given, without its extra hop. It decorates {@code AuthService}, so that the
   * service inside still hears {@code serviceAdded} through it.
   */
  private static final class BearerFastPath extends SimpleDecoratingHttpService {
    private final HttpService service;
    private final CredentialCache credentials;

    BearerFastPath(HttpService service, AuthService authenticated, CredentialCache credentials) {
      super(authenticated);
      this.service = service;
      this.credentials = credentials;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
      OAuth2Token token = AuthTokenExtractors.oAuth2().apply(req.headers());
      if (token != null) {
        Optional<Identity> cached = credentials.cachedToken(token.accessToken());
        if (cached.isPresent()) {
          RequestIdentity.attach(ctx, cached.get());
          return service.serve(ctx, req);
        }
      }
      return unwrap().serve(ctx, req);
    }
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
