package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token of a principal. Only a digest of its secret is ever stored; the secret is shown
 * once, when the token is made.
 */
public record ApiToken(
    String id,
    String principalId,
    String name,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> revokedAt) {
  public ApiToken {
    requireNonNull(id, "id");
    requireNonNull(principalId, "principalId");
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(revokedAt, "revokedAt");
  }

  /** Returns whether the token may be used at {@code now}. */
  public boolean isValidAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }
}
