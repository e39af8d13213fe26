package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Caller;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identity;
import dev.junction.server.audit.RequestTrail;
import dev.junction.server.auth.RequestIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The console's sign-in state, kept in two cookies scoped to {@code /console}, both {@code
 * HttpOnly} and {@code SameSite=Strict}: the API token the user signed in with, checked on every
 * request exactly as the APIs check a bearer token (so a revoked token is refused once the
 * credential cache's bound has passed), and a random CSRF token that every form sends back.
 */
final class ConsoleSession {
  static final String TOKEN_COOKIE = "junction_console";
  static final String CSRF_COOKIE = "junction_csrf";
  static final String PATH = "/console";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CredentialCache credentials;

  ConsoleSession(CredentialCache credentials) {
    this.credentials = requireNonNull(credentials, "credentials");
  }

  /** Returns the token the request's cookie holds, if any. */
  static Optional<String> token(HttpRequest req) {
    return cookie(req, TOKEN_COOKIE);
  }

  /** Returns the CSRF token the request's cookie holds, if any. */
  static Optional<String> csrf(HttpRequest req) {
    return cookie(req, CSRF_COOKIE);
  }

  private static Optional<String> cookie(HttpRequest req, String name) {
    return req.headers().cookies().stream()
        .filter(c -> c.name().equals(name) && !c.value().isEmpty())
        .map(Cookie::value)
        .findFirst();
  }

  /**
   * Returns who {@code token} stands for, as the APIs decide for a bearer token; empty if it is
   * unknown, expired or revoked. May ask the store: call it off the event loop.
   */
  Optional<Identity> authenticate(String token) {
    return credentials.cachedToken(token).or(() -> credentials.authenticate(token));
  }

  /**
   * Returns the core's caller for {@code identity} in request {@code ctx}, and records the identity
   * on the request for the audit log.
   */
  static Caller caller(ServiceRequestContext ctx, Identity identity) {
    RequestIdentity.attach(ctx, identity);
    return new Caller(
        identity.principal().id(),
        identity.principal().tenantId(),
        identity.access(),
        Optional.empty(),
        ctx.id().text(),
        ctx.clientAddress().getHostAddress(),
        RequestTrail.of(ctx));
  }

  /** Returns a new random CSRF token. */
  static String newCsrf() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Returns whether the form's CSRF token is present and equals the cookie's. */
  static boolean csrfMatches(Optional<String> cookie, String form) {
    return cookie.isPresent()
        && !form.isEmpty()
        && MessageDigest.isEqual(
            cookie.get().getBytes(StandardCharsets.UTF_8), form.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the {@code Set-Cookie} value that keeps {@code value} under {@code name}. */
  static String setCookie(ServiceRequestContext ctx, String name, String value) {
    return Cookie.secureBuilder(name, value)
        .path(PATH)
        .httpOnly(true)
        .secure(ctx.sessionProtocol().isTls())
        .sameSite("Strict")
        .build()
        .toSetCookieHeader();
  }

  /** Returns the {@code Set-Cookie} value that removes cookie {@code name}. */
  static String clearCookie(ServiceRequestContext ctx, String name) {
    return Cookie.secureBuilder(name, "")
        .path(PATH)
        .httpOnly(true)
        .secure(ctx.sessionProtocol().isTls())
        .sameSite("Strict")
        .maxAge(0)
        .build()
        .toSetCookieHeader();
  }
}
