package dev.junction.bench.suite;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * The load generator: sends asynchronous calls (REST through Armeria's {@code WebClient}, gRPC
 * through a future stub) either in a closed loop, a fixed number in flight for a fixed time, or in
 * an open loop, at a fixed rate for a fixed time whatever the answers take. It counts successes,
 * non-2xx answers (or non-OK statuses) and errors (no answer) apart, and records the latency of
 * every answer in an HdrHistogram.
 */
public final class Load {
  /** How one call ended. */
  public enum Outcome {
    OK,
    /** An answer, but not a success: a non-2xx HTTP status or a non-OK gRPC status. */
    REFUSED,
    /** No answer: the connection failed, the call timed out, the client threw. */
    ERROR
  }

  /** How one call ended, and for a refusal or an error, what it was (a status, an exception). */
  public record Answer(Outcome outcome, String detail) {
    private static final Answer OK = new Answer(Outcome.OK, "");

    public static Answer ok() {
      return OK;
    }

    public static Answer refused(String detail) {
      return new Answer(Outcome.REFUSED, detail);
    }

    public static Answer error(String detail) {
      return new Answer(Outcome.ERROR, detail);
    }
  }

  /** One call: starts it, and completes with how it ended. */
  @FunctionalInterface
  public interface Call {
    CompletableFuture<Answer> start();
  }

  private Load() {}

  /**
   * Runs {@code concurrency} calls at a time for {@code duration}: each answer starts the next
   * call, until the time is up. The calls in flight then are waited for and counted, and the rate
   * is taken over the time to the last answer, so that a slow server still shows a rate.
   */
  public static Result closed(Call call, int concurrency, Duration duration)
      throws InterruptedException {
    Counters counters = new Counters();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    CountDownLatch finished = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      loop(call, counters, deadline, finished);
    }
    if (!finished.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
      counters.error("calls still in flight 2 minutes after the end of the run");
    }
    return counters.result(System.nanoTime() - started);
  }

  private static void loop(Call call, Counters counters, long deadline, CountDownLatch finished) {
    long sent = System.nanoTime();
    if (sent >= deadline) {
      finished.countDown();
      return;
    }
    start(call)
        .whenComplete(
            (answer, failure) -> {
              counters.count(answer, failure, System.nanoTime() - sent);
              loop(call, counters, deadline, finished);
            });
  }

  /**
   * Starts {@code perSecond} calls a second for {@code duration}, on a schedule that does not wait
   * for answers; returns once every call started has been answered (or has failed). Each latency is
   * taken from the call's scheduled start, so that a late start counts against the server (no
   * coordinated omission).
   */
  public static Result open(Call call, double perSecond, Duration duration)
      throws InterruptedException {
    Counters counters = new Counters();
    long interval = (long) (1e9 / perSecond);
    long total = (long) (perSecond * duration.toNanos() / 1e9);
    CountDownLatch answered = new CountDownLatch((int) total);
    long started = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = started + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      start(call)
          .whenComplete(
              (answer, failure) -> {
                counters.count(answer, failure, System.nanoTime() - due);
                answered.countDown();
              });
    }
    if (!answered.await(120, TimeUnit.SECONDS)) {
      counters.error("calls still unanswered 2 minutes after the end of the run");
    }
    return counters.result(System.nanoTime() - started);
  }

  private static CompletableFuture<Answer> start(Call call) {
    try {
      return call.start();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** What a run counted. */
  public record Result(
      long ok,
      long refused,
      long errors,
      double seconds,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      String firstProblem) {
    /** Returns the successful calls per second. */
    public double perSecond() {
      return ok / seconds;
    }

    /** Returns whether every call succeeded, and some did. */
    public boolean clean() {
      return refused == 0 && errors == 0 && ok > 0;
    }

    /**
     * Returns "N refused, M errors (first: ...)", "no call completed", or "" when every call
     * succeeded.
     */
    public String problems() {
      if (refused == 0 && errors == 0) {
        return ok > 0 ? "" : "no call completed within the run";
      }
      return refused + " refused, " + errors + " errors (first: " + firstProblem + ")";
    }
  }

  /** Thread-safe counts and latencies of one run. */
  static final class Counters {
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstProblem = new AtomicReference<>("");
    private final Recorder latencies = new Recorder(3);

    void count(Answer answer, Throwable failure, long nanos) {
      if (failure != null) {
        error(failure.toString());
        return;
      }
      switch (answer.outcome()) {
        case OK -> {
          ok.incrementAndGet();
          latencies.recordValue(Math.max(1, nanos / 1000));
        }
        case REFUSED -> refused(answer.detail());
        case ERROR -> error(answer.detail());
      }
    }

    void refused(String what) {
      refused.incrementAndGet();
      firstProblem.compareAndSet("", what);
    }

    void error(String what) {
      errors.incrementAndGet();
      firstProblem.compareAndSet("", what);
    }

    Result result(long nanos) {
      var histogram = latencies.getIntervalHistogram();
      boolean any = histogram.getTotalCount() > 0;
      return new Result(
          ok.get(),
          refused.get(),
          errors.get(),
          nanos / 1e9,
          any ? histogram.getValueAtPercentile(50) / 1000.0 : Double.NaN,
          any ? histogram.getValueAtPercentile(99) / 1000.0 : Double.NaN,
          any ? histogram.getMaxValue() / 1000.0 : Double.NaN,
          firstProblem.get());
    }
  }
}
