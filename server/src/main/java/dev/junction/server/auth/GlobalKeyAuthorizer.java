package dev.junction.server.auth;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.Authorizer;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identity;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a request whose {@code X-Auth-Email} and {@code X-Auth-Key} headers (Cloudflare's legacy
 * scheme) name a known global key, and attaches its identity to the request: on the event loop when
 * the store confirmed the pair less than the cache's bound ago, off it otherwise.
 */
final class GlobalKeyAuthorizer implements Authorizer<GlobalKeyAuthorizer.Credential> {
  private final CredentialCache credentials;

  /** An email and global key pair. */
  record Credential(String email, String key) {
    @Override
    public String toString() {
      return "Credential[email=" + email + ", key=****]";
    }
  }

  GlobalKeyAuthorizer(CredentialCache credentials) {
    this.credentials = requireNonNull(credentials, "credentials");
  }

  /** Returns the credential of {@code headers}, or null if they do not carry both headers. */
  static @Nullable Credential extract(RequestHeaders headers) {
    String email = headers.get("x-auth-email");
    String key = headers.get("x-auth-key");
    if (email == null || key == null || email.isEmpty() || key.isEmpty()) {
      return null;
    }
    return new Credential(email, key);
  }

  @Override
  public CompletionStage<Boolean> authorize(ServiceRequestContext ctx, Credential credential) {
    Optional<Identity> cached = credentials.cachedGlobalKey(credential.email(), credential.key());
    if (cached.isPresent()) {
      RequestIdentity.attach(ctx, cached.get());
      return CompletableFuture.completedFuture(true);
    }
    return CompletableFuture.supplyAsync(
        () ->
            RequestIdentity.attachIfPresent(
                ctx, credentials.authenticateGlobalKey(credential.email(), credential.key())),
        ctx.blockingTaskExecutor());
  }
}
