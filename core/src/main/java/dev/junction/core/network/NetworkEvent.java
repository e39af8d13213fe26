package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One thing that happened on a router: a drift repaired, a configuration refused, a new owner.
 *
 * @param subjectId the trunk or attachment concerned, or {@link RouterHeader#SUBJECT_ID}
 */
public record NetworkEvent(
    String routerId, Instant at, EventKind kind, String subjectId, String message) {
  public NetworkEvent {
    requireNonNull(routerId, "routerId");
    requireNonNull(at, "at");
    requireNonNull(kind, "kind");
    requireNonNull(subjectId, "subjectId");
    requireNonNull(message, "message");
  }
}
