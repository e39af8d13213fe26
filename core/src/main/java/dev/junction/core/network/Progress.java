package dev.junction.core.network;

import dev.junction.core.store.ReadTx;

/**
 * Returns how far the network has got with one revision of a trunk or attachment: applied, refused
 * by the router, or not yet either.
 */
public sealed interface Progress {

  record Applied() implements Progress {}

  record Refused(String reason) implements Progress {}

  record Pending() implements Progress {}

  /** Returns the progress of {@code revision} of {@code subjectId}, from its last observation. */
  static Progress of(ReadTx tx, String subjectId, long revision) {
    return tx.observation(subjectId)
        .<Progress>map(
            observation -> {
              if (observation.appliedRevision() >= revision) {
                return new Applied();
              }
              if (observation.failedRevision() >= revision) {
                return new Refused(observation.failure());
              }
              return new Pending();
            })
        .orElse(new Pending());
  }
}
