package dev.junction.network;

import static java.util.Objects.requireNonNull;

/** Returns what a router did with a change it was given. */
public sealed interface ApplyResult {

  /** The router runs the change now, as its own read-back confirms. */
  record Applied() implements ApplyResult {}

  /**
   * The router took the change and will run it shortly; {@link RouterDriver#running} tells when it
   * does.
   */
  record Accepted() implements ApplyResult {}

  /**
   * The router refused the change (its own check failed, a link could not be made) and runs what it
   * ran before.
   */
  record Refused(String reason) implements ApplyResult {
    public Refused {
      requireNonNull(reason, "reason");
    }
  }
}
