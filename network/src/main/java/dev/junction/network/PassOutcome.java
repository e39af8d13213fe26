package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Returns how a reconcile pass over one router ended, and so when the router is looked at again:
 * converged (at the next resync), waiting (after a poll interval), or failed (after a backoff that
 * grows with each failure in a row).
 */
public sealed interface PassOutcome {

  /** The router runs its desired state and everything on it is up. */
  record Converged() implements PassOutcome {}

  /** The router is on its way (applying, links or sessions coming up): look again soon. */
  record Waiting(Duration after) implements PassOutcome {
    public Waiting {
      requireNonNull(after, "after");
    }
  }

  /** The pass failed (the router refused the configuration or could not be reached). */
  record Failed(String reason) implements PassOutcome {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
