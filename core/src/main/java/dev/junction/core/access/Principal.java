package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A user or service account of a tenant.
 *
 * @param email a user's email, for Cloudflare-style {@code X-Auth-Email} + {@code X-Auth-Key}
 * @param operator whether it is the provider's operator, who sees and changes everything
 */
public record Principal(
    String id,
    String tenantId,
    PrincipalKind kind,
    String name,
    Optional<String> email,
    boolean operator,
    Instant createdAt) {
  public Principal {
    requireNonNull(id, "id");
    requireNonNull(tenantId, "tenantId");
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
    requireNonNull(email, "email");
    requireNonNull(createdAt, "createdAt");
  }
}
