package dev.junction.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a server's start went, phase by phase, for the log line that says it is ready: the first
 * thing to read when a start is slow.
 */
final class StartPhases {
  private final List<String> phases = new ArrayList<>();
  private long last = System.nanoTime();

  /** Ends the phase that ran since the previous mark (or since this was made) as {@code name}. */
  void mark(String name) {
    long now = System.nanoTime();
    phases.add(String.format(Locale.ROOT, "%s %d ms", name, (now - last) / 1_000_000));
    last = now;
  }

  /**
   * Records {@code name}, which took {@code nanos} on a thread of its own while the phases ran, in
   * brackets after the phase that ended last.
   */
  void alongside(String name, long nanos) {
    phases.add(String.format(Locale.ROOT, "(%s %d ms alongside)", name, nanos / 1_000_000));
  }

  @Override
  public String toString() {
    return String.join(", ", phases);
  }
}
