package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A credential that lets one {@code junction agent} drive one router. Only the digest of its secret
 * is stored; the secret is shown once, when the operator issues it.
 */
public record AgentCredential(
    String id, String routerId, String name, Instant createdAt, Optional<Instant> revokedAt) {
  public AgentCredential {
    requireNonNull(id, "id");
    requireNonNull(routerId, "routerId");
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(revokedAt, "revokedAt");
  }

  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
