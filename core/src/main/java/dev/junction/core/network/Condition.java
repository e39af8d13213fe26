package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One observed fact about a trunk or attachment, as Kubernetes reports status: a type, whether it
 * holds, a machine-readable reason, a message, the revision it was observed for, and when its
 * status last flipped.
 */
public record Condition(
    ConditionType type,
    ConditionStatus status,
    String reason,
    String message,
    long observedRevision,
    Instant lastTransitionTime) {
  public Condition {
    requireNonNull(type, "type");
    requireNonNull(status, "status");
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
    requireNonNull(lastTransitionTime, "lastTransitionTime");
  }

  /**
   * Returns {@code conditions} with {@code update} in place of the condition of the same type. The
   * transition time moves only when the status flips.
   */
  public static List<Condition> merge(List<Condition> conditions, Condition update) {
    List<Condition> merged = new ArrayList<>();
    boolean replaced = false;
    for (Condition existing : conditions) {
      if (existing.type() != update.type()) {
        merged.add(existing);
        continue;
      }
      replaced = true;
      Instant since =
          existing.status() == update.status()
              ? existing.lastTransitionTime()
              : update.lastTransitionTime();
      merged.add(
          new Condition(
              update.type(),
              update.status(),
              update.reason(),
              update.message(),
              update.observedRevision(),
              since));
    }
    if (!replaced) {
      merged.add(update);
    }
    return List.copyOf(merged);
  }

  /** Returns the condition of {@code type} in {@code conditions}, if there is one. */
  public static java.util.Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    return conditions.stream().filter(c -> c.type() == type).findFirst();
  }
}
