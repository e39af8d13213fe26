package dev.junction.bench.scale;

import java.util.Locale;

/**
 * Where the benchmark writes: figures and what it did to standard output, progress while it waits
 * to standard error (so that the output alone is the report).
 */
final class Report {
  private Report() {}

  /** Prints a line of the report. */
  static void line(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** Prints a line of progress. */
  static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
