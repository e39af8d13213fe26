package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the network last reported about one trunk or attachment.
 *
 * @param subjectId the trunk or attachment id
 * @param appliedRevision the latest revision the router runs (for a removed subject: the revision
 *     whose removal it applied)
 * @param failedRevision the latest revision the router refused, 0 if none
 * @param failure why the router refused {@code failedRevision}
 * @param prefixesReceived how many prefixes the BGP session has received from the customer
 */
public record Observation(
    String subjectId,
    long appliedRevision,
    long failedRevision,
    String failure,
    List<Condition> conditions,
    long prefixesReceived,
    Instant observedAt) {
  public Observation {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(failure, "failure");
    conditions = List.copyOf(conditions);
    requireNonNull(observedAt, "observedAt");
  }

  /** Returns a first observation of a subject the network has not reported on yet. */
  public static Observation none(String subjectId, Instant now) {
    return new Observation(subjectId, 0, 0, "", List.of(), 0, now);
  }

  public Optional<Condition> condition(ConditionType type) {
    return Condition.find(conditions, type);
  }

  /** Returns whether the condition of {@code type} is known to hold. */
  public boolean holds(ConditionType type) {
    return condition(type).map(c -> c.status() == ConditionStatus.TRUE).orElse(false);
  }
}
