package dev.junction.bench.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * P7 start: from starting {@code ./junction serve} (the jar already built) on an empty data
 * directory with the built-in configuration to {@code /readyz} answering 200, and the server's
 * resident set (VmRSS) {@value #IDLE_SECONDS} s after it got ready, untouched meanwhile. The
 * baseline is a trivial JVM start with the same JDK ({@link Hello}, to its exit), measured in the
 * same round; the targets are absolute (2 s and 250 MB), and the ratio is printed beside them.
 */
final class StartFigures {
  static final int IDLE_SECONDS = 5;

  private final Suite suite;

  StartFigures(Suite suite) {
    this.suite = suite;
  }

  List<Row> run() throws Exception {
    Options options = suite.options();
    Row ready =
        new Row(
            "P7 launcher to ready (/readyz 200)", "trivial JVM start", "s", "<= 2 s", v -> v <= 2);
    Row rss = new Row("P7 idle RSS after ready", "-", "MB", "<= 250 MB", v -> v <= 250);
    Row ratio =
        new Row(
                "P7 launcher to ready, ratio to a trivial JVM start",
                "trivial JVM start",
                "x",
                "(absolute target above)",
                v -> true)
            .absoluteUnit("s");
    for (int round = 1; round <= options.rounds(); round++) {
      suite.progress("P7: round %d of %d", round, options.rounds());
      double trivial = trivialJvm();
      Path dir = suite.runDir("p7", Optional.empty(), "");
      try (Server server = suite.start("p7", dir, Server.Launch.LAUNCHER, List.of())) {
        double seconds = server.ready().toNanos() / 1e9;
        ready.round(seconds);
        ratio.round(seconds / trivial, seconds, trivial);
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.smoke() ? 1 : IDLE_SECONDS));
        server
            .rss()
            .ifPresentOrElse(
                bytes -> rss.round(bytes / 1e6), () -> rss.notApplicable("no /proc here"));
      }
    }
    return List.of(ready, rss, ratio);
  }

  /** Returns the seconds from starting {@code java Hello} to its exit. */
  private static double trivialJvm() throws Exception {
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                Path.of(Hello.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString(),
                Hello.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("the trivial JVM did not run");
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
