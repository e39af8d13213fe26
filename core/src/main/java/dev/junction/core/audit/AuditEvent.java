package dev.junction.core.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One entry of the audit log: a mutation, or a denied request.
 *
 * @param principal who asked ({@code anonymous} when unauthenticated)
 * @param tenant the principal's tenant, empty when unknown
 * @param action what was asked, such as {@code POST /cic/v1/privateConnections}
 * @param resource what it was about, when known
 * @param source where the request came from
 * @param outcome how it ended: {@code ok}, {@code denied: ...} or {@code failed: ...}
 */
public record AuditEvent(
    Instant at,
    String principal,
    String tenant,
    String action,
    String resource,
    String requestId,
    String source,
    String outcome) {
  public AuditEvent {
    requireNonNull(at, "at");
    requireNonNull(principal, "principal");
    requireNonNull(tenant, "tenant");
    requireNonNull(action, "action");
    requireNonNull(resource, "resource");
    requireNonNull(requestId, "requestId");
    requireNonNull(source, "source");
    requireNonNull(outcome, "outcome");
  }
}
