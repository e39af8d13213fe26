package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a driver rendered for one subject: the artifacts the router runs for it (configuration text,
 * a link plan) and a digest over all of them. The digest covers the rendered text itself, so a
 * change of template re-applies every subject it changes.
 *
 * @param revision the revision of the subject the artifacts were rendered from
 * @param hash a digest of the artifacts
 */
public record Rendered(String subjectId, long revision, String hash, List<Artifact> artifacts) {
  public Rendered {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(hash, "hash");
    artifacts = List.copyOf(artifacts);
  }

  /** Returns what the router runs once this is applied. */
  public RunningSubject asRunning() {
    return new RunningSubject(subjectId, revision, hash);
  }
}
