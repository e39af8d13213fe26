package dev.junction.server.cli;

import java.time.Duration;

/**
 * The pace of {@code --wait}: polls start 200 ms apart and back off by half again each time to 2 s,
 * until {@code --timeout}. The spinner turns between polls. A client waits; a server never does.
 */
final class Poller {
  private static final Duration FIRST = Duration.ofMillis(200);
  private static final Duration MAX = Duration.ofSeconds(2);

  private final long deadline;
  private final Duration timeout;
  private Duration next = FIRST;

  Poller(Duration timeout) {
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  Duration timeout() {
    return timeout;
  }

  /** Waits until the next poll, turning the spinner; false once the timeout has passed. */
  boolean pause(Progress progress) {
    long until = System.nanoTime() + next.toNanos();
    next = Duration.ofMillis(Math.min(MAX.toMillis(), next.toMillis() * 3 / 2));
    while (true) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        return false;
      }
      long left = Math.min(until, deadline) - now;
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted", CliException.REFUSED);
      }
      progress.tick();
    }
  }
}
