package dev.junction.network.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a router's agent paces itself.
 *
 * @param batch the most subjects it applies in one change, and reports in one report
 * @param observeInterval how often subjects on their way (just applied, not yet up) are observed
 * @param sweepInterval how long one round of observing every subject the router runs takes, for a
 *     router of up to a few thousand subjects (pages come at most every half second)
 * @param resyncInterval how often drift on the router is looked for and repaired, and how long one
 *     round of comparing everything the router runs with what it should run takes, for a router of
 *     up to a few thousand subjects (pages come at most every half second)
 * @param heartbeat the longest time between two reports, so that the server knows the agent lives
 * @param maxWait the longest a request for changes waits on the server
 * @param maxBackoff the longest wait after failures in a row
 */
public record AgentSettings(
    int batch,
    Duration observeInterval,
    Duration sweepInterval,
    Duration resyncInterval,
    Duration heartbeat,
    Duration maxWait,
    Duration maxBackoff) {
  public static final AgentSettings DEFAULTS =
      new AgentSettings(
          500,
          Duration.ofMillis(100),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofSeconds(25),
          Duration.ofSeconds(30));

  public AgentSettings {
    if (batch < 1) {
      throw new IllegalArgumentException("batch: " + batch + " (expected: >= 1)");
    }
    requireNonNull(observeInterval, "observeInterval");
    requireNonNull(sweepInterval, "sweepInterval");
    requireNonNull(resyncInterval, "resyncInterval");
    requireNonNull(heartbeat, "heartbeat");
    requireNonNull(maxWait, "maxWait");
    requireNonNull(maxBackoff, "maxBackoff");
    for (Duration d :
        new Duration[] {
          observeInterval, sweepInterval, resyncInterval, heartbeat, maxWait, maxBackoff
        }) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("agent intervals must be positive: " + d);
      }
    }
  }
}
