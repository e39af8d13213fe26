package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A trunk or an attachment as far as a router's report is concerned: which it is, the router it is
 * placed on, the revision of its desired state, and whether it is being deleted. The store reads it
 * from the subject's row alone, without the rest of the resource.
 *
 * @param routerId the router the subject is placed on; empty for one no router could carry when the
 *     store was migrated
 */
public record NetworkSubject(
    String id, Kind kind, Optional<String> routerId, long revision, boolean deleting) {
  public NetworkSubject {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(routerId, "routerId");
  }

  /** Which table the subject is a row of. */
  public enum Kind {
    TRUNK,
    ATTACHMENT
  }
}
