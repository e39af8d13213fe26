package dev.junction.core.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A customer's request for a trunk. The operator approves it (a trunk is created and named here) or
 * rejects it; the customer may revoke it while it waits; it expires at {@code expiresAt}.
 *
 * @param subjectId the principal who asked
 * @param supportTicketId the operator's reference for the request
 */
public record Ticket(
    String id,
    String scope,
    TicketStatus status,
    String subjectId,
    String supportTicketId,
    Optional<String> trunkId,
    TicketSpec spec,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt) {
  public Ticket {
    requireNonNull(id, "id");
    requireNonNull(scope, "scope");
    requireNonNull(status, "status");
    requireNonNull(subjectId, "subjectId");
    requireNonNull(supportTicketId, "supportTicketId");
    requireNonNull(trunkId, "trunkId");
    requireNonNull(spec, "spec");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns this ticket in {@code newStatus} as of {@code now}. */
  public Ticket settled(TicketStatus newStatus, Optional<String> newTrunkId, Instant now) {
    return new Ticket(
        id,
        scope,
        newStatus,
        subjectId,
        supportTicketId,
        newTrunkId,
        spec,
        createdAt,
        now,
        expiresAt);
  }

  /** Returns the status as of {@code now}: a pending ticket past its deadline has expired. */
  public TicketStatus statusAt(Instant now) {
    return status == TicketStatus.PENDING_SUPPORT && !now.isBefore(expiresAt)
        ? TicketStatus.EXPIRED
        : status;
  }
}
