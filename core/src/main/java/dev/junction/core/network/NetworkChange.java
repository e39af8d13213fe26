package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a router's change feed: the subject whose desired state changed at {@code seq}.
 *
 * @param kind which table the subject is in, or that it no longer exists
 */
public record NetworkChange(long seq, String subjectId, Kind kind) {
  /** Returns what kind of subject changed. */
  public enum Kind {
    TRUNK,
    ATTACHMENT,
    REMOVED
  }

  public NetworkChange {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(kind, "kind");
  }
}
