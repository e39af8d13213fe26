package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Returns who made a request, what it may do, and what it carried for the record.
 *
 * @param subject the principal's id, recorded as the creator of the operations it starts
 * @param tenant the principal's tenant
 * @param access what the principal may see and change
 * @param idempotencyKey a repeated key returns the first operation made with it
 * @param requestId the request's id, for the audit log
 * @param source where the request came from (an address), for the audit log
 * @param trail told of what the core denied and of the resources a request changed
 */
public record Caller(
    String subject,
    String tenant,
    Access access,
    Optional<String> idempotencyKey,
    String requestId,
    String source,
    AuditTrail trail) {
  public Caller {
    requireNonNull(subject, "subject");
    requireNonNull(tenant, "tenant");
    requireNonNull(access, "access");
    requireNonNull(idempotencyKey, "idempotencyKey");
    requireNonNull(requestId, "requestId");
    requireNonNull(source, "source");
    requireNonNull(trail, "trail");
  }

  /** Returns the operator {@code subject} acting from within the server (no request). */
  public static Caller operator(String subject) {
    return new Caller(
        subject, "", Access.OPERATOR, Optional.empty(), "", "internal", AuditTrail.NONE);
  }

  /** Returns this caller with the idempotency key {@code key}. */
  public Caller withIdempotencyKey(Optional<String> key) {
    return new Caller(subject, tenant, access, key, requestId, source, trail);
  }
}
