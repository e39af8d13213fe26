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
 */
public record WorkerSettings(Duration pollInterval, Duration leaseDuration, Retries retries) {
  /** The defaults: a 5 s backstop poll, a 10 s lease, {@link Retries#DEFAULT}. */
  public static final WorkerSettings DEFAULTS =
      new WorkerSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Retries.DEFAULT);

  public WorkerSettings {
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(leaseDuration, "leaseDuration");
    requireNonNull(retries, "retries");
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
    return new WorkerSettings(poll, lease, new Retries(base, cap, maxAttempts));
  }
}
