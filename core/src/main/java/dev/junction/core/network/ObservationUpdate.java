package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one reconcile pass learned about one trunk or attachment.
 *
 * @param appliedRevision the revision the router now runs, 0 if this pass applied nothing new
 * @param refusedRevision the revision the router refused, 0 if none
 * @param refusal why it was refused
 * @param conditions the conditions observed now; they are merged into the stored ones
 */
public record ObservationUpdate(
    String subjectId,
    long appliedRevision,
    long refusedRevision,
    String refusal,
    List<Condition> conditions,
    long prefixesReceived) {
  public ObservationUpdate {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(refusal, "refusal");
    conditions = List.copyOf(conditions);
  }
}
