package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import dev.junction.core.operation.Retries;
import java.time.Duration;

/**
 * How the operation worker leases, retries and waits ({@code operations.*}).
 *
 * @param pollInterval the longest the worker sleeps without being woken: a backstop should a
 *     wake-up be lost, not how it finds work
 * @param leaseDuration how long a claimed operation stays a worker's without a heartbeat; the
 *     heartbeat renews it every third of this
 * @param retries how a failed step is retried, and after how many failures it is given up
 * @param maxWriting how many changes this replica may have waiting for or holding the store's write
 *     at once before a new one is refused at admission (0: no bound)
 * @param maxUnfinished how many operations may be unfinished at once, over all replicas, before a
 *     new one is refused at admission (0: no bound)
 * @param admissionRefresh how stale the count of unfinished operations that admission uses may be
 */
public record WorkerSettings(
    Duration pollInterval,
    Duration leaseDuration,
    Retries retries,
    int maxWriting,
    int maxUnfinished,
    Duration admissionRefresh) {
  /**
   * The defaults: a 5 s backstop poll, a 10 s lease, {@link Retries#DEFAULT}, at most 64 changes at
   * the store and 2,000 unfinished operations, counted at most 100 ms ago.
   */
  public static final WorkerSettings DEFAULTS =
      new WorkerSettings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Retries.DEFAULT,
          64,
          2_000,
          Duration.ofMillis(100));

  public WorkerSettings {
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(leaseDuration, "leaseDuration");
    requireNonNull(retries, "retries");
    requireNonNull(admissionRefresh, "admissionRefresh");
  }

  /** Returns these settings with admission bounded at {@code max} unfinished operations. */
  public WorkerSettings withMaxUnfinished(int max) {
    return new WorkerSettings(
        pollInterval, leaseDuration, retries, maxWriting, max, admissionRefresh);
  }

  /** Reads the worker's keys of the {@code operations} section, refusing each bad value. */
  static WorkerSettings read(ConfigNode operations) {
    Duration poll = operations.duration("pollInterval", DEFAULTS.pollInterval());
    if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException(operations.at("pollInterval") + ": must be 10ms to 5m");
    }
    Duration lease = operations.duration("leaseDuration", DEFAULTS.leaseDuration());
    if (lease.compareTo(Duration.ofMillis(300)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException(operations.at("leaseDuration") + ": must be 300ms to 1h");
    }
    Retries defaults = DEFAULTS.retries();
    Duration base = operations.duration("retryBackoff", defaults.base());
    if (base.isZero() || base.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException(operations.at("retryBackoff") + ": must be 1ms to 1h");
    }
    Duration cap = operations.duration("retryBackoffMax", defaults.cap());
    if (cap.compareTo(base) < 0 || cap.compareTo(Duration.ofDays(1)) > 0) {
      throw new ConfigException(
          operations.at("retryBackoffMax") + ": must be at least retryBackoff, and at most 1d");
    }
    int maxAttempts = operations.integer("maxAttempts", defaults.maxAttempts());
    if (maxAttempts < 1 || maxAttempts > 1000) {
      throw new ConfigException(operations.at("maxAttempts") + ": must be 1-1000");
    }
    int maxWriting = operations.integer("maxWriting", DEFAULTS.maxWriting());
    if (maxWriting < 0 || maxWriting > 10_000) {
      throw new ConfigException(operations.at("maxWriting") + ": must be 0 (no bound) to 10000");
    }
    int maxUnfinished = operations.integer("maxUnfinished", DEFAULTS.maxUnfinished());
    if (maxUnfinished < 0 || maxUnfinished > 10_000_000) {
      throw new ConfigException(
          operations.at("maxUnfinished") + ": must be 0 (no bound) to 10000000");
    }
    Duration refresh = operations.duration("admissionRefresh", DEFAULTS.admissionRefresh());
    if (refresh.compareTo(Duration.ofMillis(1)) < 0
        || refresh.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException(operations.at("admissionRefresh") + ": must be 1ms to 10s");
    }
    return new WorkerSettings(
        poll, lease, new Retries(base, cap, maxAttempts), maxWriting, maxUnfinished, refresh);
  }
}
