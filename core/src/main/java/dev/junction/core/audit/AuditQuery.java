package dev.junction.core.audit;

import java.time.Instant;
import java.util.Optional;

/** Selects audit events: by principal, by tenant, from a time on. Empty means any. */
public record AuditQuery(
    Optional<String> principal, Optional<String> tenant, Optional<Instant> since) {
  public static final AuditQuery ALL =
      new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty());
}
