package dev.junction.network;

import static java.util.Objects.requireNonNull;

/**
 * What a router runs for one subject: the revision it was rendered from and the digest of its
 * artifacts.
 */
public record RunningSubject(String subjectId, long revision, String hash) {
  public RunningSubject {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(hash, "hash");
  }
}
