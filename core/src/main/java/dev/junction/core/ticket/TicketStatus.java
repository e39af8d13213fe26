package dev.junction.core.ticket;

/** Returns where a trunk ticket is: waiting for the operator, or settled one of four ways. */
public enum TicketStatus {
  PENDING_SUPPORT,
  APPROVED,
  REJECTED,
  REVOKED,
  EXPIRED;

  public boolean isSettled() {
    return this != PENDING_SUPPORT;
  }
}
