package dev.junction.network;

import static java.util.Objects.requireNonNull;

/** Returns what a router did with a configuration it was given. */
public sealed interface ApplyResult {

  /** The router runs the configuration now. */
  record Applied() implements ApplyResult {}

  /** The router took the configuration and will run it shortly; observe it again later. */
  record Accepted() implements ApplyResult {}

  /** The router refused the configuration (for example its syntax check failed). */
  record Refused(String reason) implements ApplyResult {
    public Refused {
      requireNonNull(reason, "reason");
    }
  }
}
