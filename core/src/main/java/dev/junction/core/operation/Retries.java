package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Returns how an operation worker retries a step that failed: after {@code base}, then twice as
 * long after each further failure in a row, never longer than {@code cap}; after {@code
 * maxAttempts} failures in a row the operation is given up (it fails, and its resource is rolled
 * back).
 *
 * @param base the wait after the first failure
 * @param cap the longest wait
 * @param maxAttempts how many steps in a row may fail; the last failure gives the operation up
 */
public record Retries(Duration base, Duration cap, int maxAttempts) {
  /** 1 s, doubling up to 30 s, 8 attempts: about two minutes of retries in all. */
  public static final Retries DEFAULT =
      new Retries(Duration.ofSeconds(1), Duration.ofSeconds(30), 8);

  public Retries {
    requireNonNull(base, "base");
    requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base: " + base + " (expected: > 0)");
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("cap: " + cap + " (expected: >= base " + base + ")");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
    }
  }

  /** Returns how long to wait after {@code failures} failures in a row (1 or more). */
  public Duration delayAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
    }
    Duration delay = base;
    for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /** Returns whether {@code failures} failures in a row give the operation up. */
  public boolean exhausted(int failures) {
    return failures >= maxAttempts;
  }
}
