package dev.junction.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The suite's options:
 *
 * <pre>
 *   --rounds N        rounds of each figure (default 3; 1 under --smoke)
 *   --duration S      seconds of each throughput run (default 10; 2 under --smoke)
 *   --only p1,p2,...  the figures to run, of p1 p2 p3 p6 p7 jmh (default all)
 *   --smoke           tiny sizes and short runs, to check that the suite still runs (CI)
 *   --scale N         private connections of the large store of P6 (default 100000; 2000 smoke)
 *   --full            P6 at 1,000,000 connections
 *   --target DIR      measure the launcher and jar of another checkout (default this one)
 *   --jfr             record a JFR file of each server into the work directory
 *   --out FILE        also write the table as Markdown to FILE
 *   --work DIR        where everything is written (default bench/target/suite)
 * </pre>
 */
record Options(
    int rounds,
    Duration duration,
    Set<String> only,
    boolean smoke,
    int scale,
    Path root,
    Path target,
    boolean jfr,
    Optional<Path> out,
    Path work) {
  static final List<String> FIGURES = List.of("p1", "p2", "p3", "p6", "p7", "jmh");

  /** Returns the seconds of the P3 open loop: 60, or the duration under --smoke. */
  Duration latencyDuration() {
    return smoke ? duration : Duration.ofSeconds(60);
  }

  boolean runs(String figure) {
    return only.contains(figure);
  }

  static Options parse(String[] args) {
    boolean smoke = List.of(args).contains("--smoke");
    int rounds = smoke ? 1 : 3;
    Duration duration = Duration.ofSeconds(smoke ? 2 : 10);
    Set<String> only = new LinkedHashSet<>(FIGURES);
    int scale = smoke ? 2_000 : 100_000;
    Path root = Path.of("").toAbsolutePath();
    Path target = null;
    boolean jfr = false;
    Optional<Path> out = Optional.empty();
    Path work = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--smoke" -> {}
        case "--jfr" -> jfr = true;
        case "--full" -> scale = 1_000_000;
        case "--rounds" -> rounds = positive(arg, value(args, ++i, arg));
        case "--duration" -> duration = Duration.ofSeconds(positive(arg, value(args, ++i, arg)));
        case "--scale" -> scale = positive(arg, value(args, ++i, arg));
        case "--root" -> root = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
        case "--target" -> target = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
        case "--out" -> out = Optional.of(Path.of(value(args, ++i, arg)).toAbsolutePath());
        case "--work" -> work = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
        case "--only" -> {
          only = new LinkedHashSet<>();
          for (String figure : value(args, ++i, arg).split(",")) {
            String name = figure.strip().toLowerCase(java.util.Locale.ROOT);
            if (!FIGURES.contains(name)) {
              throw new IllegalArgumentException(
                  "--only: unknown figure " + name + " (expected some of " + FIGURES + ")");
            }
            only.add(name);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (scale <= 1_000) {
      throw new IllegalArgumentException("--scale: " + scale + " (expected: more than 1000)");
    }
    return new Options(
        rounds,
        duration,
        only,
        smoke,
        scale,
        root,
        target == null ? root : target,
        jfr,
        out,
        work == null ? root.resolve("bench/target/suite") : work);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + ": " + value + " (expected: a whole number >= 1)");
  }
}
