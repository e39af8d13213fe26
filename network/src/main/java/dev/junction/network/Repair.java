package dev.junction.network;

import static java.util.Objects.requireNonNull;

/**
 * One drift a driver found and put back: what differed on the router from what it had applied.
 *
 * @param subjectId the subject concerned, or {@link
 *     dev.junction.core.network.RouterHeader#SUBJECT_ID}
 * @param message what was found and what was done, without secrets
 */
public record Repair(String subjectId, String message) {
  public Repair {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(message, "message");
  }
}
