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

  @Override
  public String toString() {
    return String.join(", ", phases);
  }
}
