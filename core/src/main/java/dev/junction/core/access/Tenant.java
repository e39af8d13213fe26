package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A customer of the provider: it owns scopes (folders, accounts) and principals. */
public record Tenant(String id, String name, Instant createdAt) {
  public Tenant {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
  }
}
