package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the network last reported about one trunk or attachment. It lives exactly as long as its
 * subject: deleting the subject deletes it, and a report about a subject that no longer exists
 * records nothing.
 *
 * @param subjectId the trunk or attachment id
 * @param appliedRevision the latest revision the router runs (for a subject being deleted: the
 *     revision whose removal it applied)
 * @param appliedHash the digest of the rendered configuration the router runs for it
 * @param failedRevision the latest revision the router refused, 0 if none
 * @param failure why the router refused {@code failedRevision}
 * @param bgp the BGP session as last observed, for an attachment with one
 */
public record Observation(
    String subjectId,
    long appliedRevision,
    String appliedHash,
    long failedRevision,
    String failure,
    List<Condition> conditions,
    Optional<BgpObservation> bgp,
    Instant observedAt) {
  public Observation {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(appliedHash, "appliedHash");
    requireNonNull(failure, "failure");
    conditions = List.copyOf(conditions);
    requireNonNull(bgp, "bgp");
    requireNonNull(observedAt, "observedAt");
  }

  /** Returns a first observation of a subject the network has not reported on yet. */
  public static Observation none(String subjectId, Instant now) {
    return new Observation(subjectId, 0, "", 0, "", List.of(), Optional.empty(), now);
  }

  public Optional<Condition> condition(ConditionType type) {
    return Condition.find(conditions, type);
  }

  /** Returns whether the condition of {@code type} is known to hold. */
  public boolean holds(ConditionType type) {
    return condition(type).map(c -> c.status() == ConditionStatus.TRUE).orElse(false);
  }

  /** Returns how many prefixes the BGP session has received from the customer. */
  public long prefixesReceived() {
    return bgp.map(BgpObservation::routesImported).orElse(0L);
  }

  /** Returns this observation with every condition {@code Unknown}, for {@code reason}. */
  public Observation unknown(String reason, String message) {
    List<Condition> unknown =
        conditions.stream()
            .map(
                c ->
                    new Condition(
                        c.type(),
                        ConditionStatus.UNKNOWN,
                        reason,
                        message,
                        c.observedRevision(),
                        c.lastTransitionTime()))
            .toList();
    return new Observation(
        subjectId, appliedRevision, appliedHash, failedRevision, failure, unknown, bgp, observedAt);
  }
}
