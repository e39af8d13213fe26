package dev.junction.bench.suite;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Runs a load, unmeasured, until the server's JIT compilers are done with its path: in slices of
 * {@link #SLICE}, until the compiler threads took less than {@link #QUIET} of the server's CPU time
 * in a slice. A throughput figure taken earlier counts compiling as the cost of a call: on this
 * project's two cores, the C1 and C2 threads took 25-50% of the server's CPU for over a minute of
 * saturated creates, and a fixed 3 s warm-up measured that.
 *
 * <p>It never runs less than {@link #MIN} or more than {@link #MAX}, and stops early when the load
 * says it cannot go on (a store whose free VLANs the warm-up would use up). Where the compilers'
 * time is not known (not Linux), it runs {@link #MIN}. Under {@code --smoke}, one second.
 */
final class WarmUp {
  static final Duration SLICE = Duration.ofSeconds(2);
  static final Duration MIN = Duration.ofSeconds(4);
  static final Duration MAX = Duration.ofSeconds(90);
  static final double QUIET = 0.05;

  /** Runs a load for a time, unmeasured. */
  @FunctionalInterface
  interface Slice {
    void run(Duration duration) throws InterruptedException;
  }

  /** How a warm-up ended: how long it ran, and the compilers' share of its last slice. */
  record Done(Duration took, double compilerShare, String why) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d s, compilers %.0f%% of the server's CPU in the last %d s (%s)",
          took.toSeconds(),
          compilerShare * 100,
          SLICE.toSeconds(),
          why);
    }
  }

  private WarmUp() {}

  /** Warms {@code server} up on {@code load}, as long as {@code canGoOn} says the load may run. */
  static Done run(Suite suite, Server server, Slice load, BooleanSupplier canGoOn)
      throws InterruptedException {
    if (suite.options().smoke()) {
      load.run(Duration.ofSeconds(1));
      return new Done(Duration.ofSeconds(1), Double.NaN, "smoke");
    }
    long started = System.nanoTime();
    double share = Double.NaN;
    while (true) {
      OptionalLong cpuBefore = server.cpuNanos();
      OptionalLong compilersBefore = server.compilerCpuNanos();
      load.run(SLICE);
      OptionalLong cpuAfter = server.cpuNanos();
      OptionalLong compilersAfter = server.compilerCpuNanos();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      boolean known =
          cpuBefore.isPresent()
              && cpuAfter.isPresent()
              && compilersBefore.isPresent()
              && compilersAfter.isPresent();
      if (known) {
        long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
        long compilers = compilersAfter.getAsLong() - compilersBefore.getAsLong();
        share = cpu > 0 ? (double) compilers / cpu : 0;
      }
      if (took.compareTo(MIN) < 0) {
        continue;
      }
      if (!known) {
        return new Done(took, share, "the compilers' time is not known here");
      }
      if (share < QUIET) {
        return new Done(took, share, "compiled");
      }
      if (took.compareTo(MAX) >= 0) {
        return new Done(took, share, "still compiling at the limit");
      }
      if (!canGoOn.getAsBoolean()) {
        return new Done(took, share, "the load cannot go on");
      }
    }
  }
}
