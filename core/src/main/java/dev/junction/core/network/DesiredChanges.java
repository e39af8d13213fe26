package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What changed in a router's desired state after sequence {@code since}: the trunks and attachments
 * whose revision changed (present or being deleted), and the ids of those that no longer exist. An
 * agent that has applied them has applied everything up to {@code seq}.
 *
 * @param more true when the changes were cut at a limit: ask again from {@code seq}
 */
public record DesiredChanges(
    String routerId,
    long since,
    long seq,
    RouterHeader header,
    List<SubjectIntent> changed,
    List<String> removed,
    boolean more) {
  public DesiredChanges {
    requireNonNull(routerId, "routerId");
    requireNonNull(header, "header");
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }

  /** Returns whether nothing changed. */
  public boolean isEmpty() {
    return changed.isEmpty() && removed.isEmpty() && seq == since;
  }
}
