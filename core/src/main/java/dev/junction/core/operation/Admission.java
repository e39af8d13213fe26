package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriterBusy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Decides whether the server takes on one more operation: only while fewer than {@code maxWriting}
 * mutations of this process are waiting for or holding the store's write (the requests queued at
 * the store, which would otherwise pile up on the blocking threads until the web server's timeout
 * cuts them), and while the unfinished operations (of every replica, as the store counts them) are
 * fewer than {@code maxUnfinished}, the number the workers and the network can carry out before the
 * deadline the server sets (see docs/operations.md, "Admission"). Over either, a mutation is
 * refused before it writes anything, with RESOURCE_EXHAUSTED and how long to wait: for the store, a
 * second; for the operations, the time the backlog above the bound takes to drain at the rate
 * operations were last seen to finish.
 *
 * <p>Admission is cheap: the count is read from the store at most once per {@code refresh} (by the
 * request that finds it stale, without holding the others), and operations admitted since are added
 * to it. A burst therefore cannot overshoot the bound by more than what the replicas admit in one
 * refresh.
 */
public final class Admission {
  /** The shortest and longest wait a refusal asks for. */
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);

  private static final Duration MAX_RETRY = Duration.ofSeconds(60);

  /**
   * How long an admitted mutation may wait for its turn at the store's writer before it is
   * withdrawn and refused: well within the dialects' request timeouts (10 s), so that a writer
   * starved of CPU or disk answers RESOURCE_EXHAUSTED with nothing written, rather than letting the
   * request be cut with the change's fate unknown.
   */
  public static final Duration QUEUE_WAIT = Duration.ofSeconds(5);

  private final Store store;
  private final int maxWriting;
  private final AtomicInteger writing = new AtomicInteger();
  private final int maxUnfinished;
  private final long refreshNanos;
  private final LongSupplier nanoTime;

  private final Object lock = new Object();
  private long countedAt;
  private int counted = -1;
  private int admittedSince;
  private boolean counting;

  /** The last finishing rate, in operations per second; 0 while unknown. */
  private double drainRate;

  /**
   * @param maxWriting how many mutations of this process may wait for or hold the store's write at
   *     once; 0 for no bound
   * @param maxUnfinished how many operations may be unfinished at once; 0 for no bound
   * @param refresh how stale the store's count may be
   * @param nanoTime the monotonic clock, {@link System#nanoTime} outside tests
   */
  public Admission(
      Store store, int maxWriting, int maxUnfinished, Duration refresh, LongSupplier nanoTime) {
    this.store = requireNonNull(store, "store");
    if (maxWriting < 0) {
      throw new IllegalArgumentException("maxWriting: " + maxWriting + " (expected: >= 0)");
    }
    this.maxWriting = maxWriting;
    if (maxUnfinished < 0) {
      throw new IllegalArgumentException("maxUnfinished: " + maxUnfinished + " (expected: >= 0)");
    }
    this.maxUnfinished = maxUnfinished;
    this.refreshNanos = requireNonNull(refresh, "refresh").toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** Returns an admission that takes everything, for tools and tests that set no bound. */
  public static Admission unbounded(Store store) {
    return new Admission(store, 0, 0, Duration.ofSeconds(1), System::nanoTime);
  }

  /** Returns the bound on unfinished operations; 0 if there is none. */
  public int maxUnfinished() {
    return maxUnfinished;
  }

  /** A mutation let in: closed once its write has committed or failed. */
  public interface Ticket extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Lets one more mutation in, or refuses it; the caller closes the ticket once its write is over.
   *
   * @throws ProblemException with {@link Problem.ResourceExhausted} and a retry-after, if the store
   *     has as many writes queued as allowed or the unfinished operations are at the bound
   */
  public Ticket admit() {
    if (maxWriting > 0 && writing.incrementAndGet() > maxWriting) {
      writing.decrementAndGet();
      throw new ProblemException(
          new Problem.ResourceExhausted(
              "the server is writing "
                  + maxWriting
                  + " changes already, as many as it takes at once; nothing was changed: retry"
                  + " later",
              Optional.of(MIN_RETRY)));
    }
    Ticket ticket = maxWriting > 0 ? writing::decrementAndGet : () -> {};
    try {
      countIn();
    } catch (RuntimeException refused) {
      ticket.close();
      throw refused;
    }
    return ticket;
  }

  /** Returns the refusal of a mutation the store's writer did not start within its wait. */
  public ProblemException refusal(WriterBusy busy) {
    return new ProblemException(
        new Problem.ResourceExhausted(
            "the server could not start writing the change within "
                + busy.waited().toSeconds()
                + " s, its writer is busy; nothing was changed: retry later",
            Optional.of(MIN_RETRY)));
  }

  /** Counts one more operation in the unfinished ones, or refuses it. */
  private void countIn() {
    if (maxUnfinished == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    boolean recount;
    int admittedBefore;
    synchronized (lock) {
      recount = !counting && (counted < 0 || now - countedAt >= refreshNanos);
      if (recount) {
        counting = true;
      }
      admittedBefore = admittedSince;
    }
    if (recount) {
      int fresh;
      try {
        fresh = store.read(ReadTx::countUnfinishedOperations);
      } finally {
        synchronized (lock) {
          counting = false;
        }
      }
      recorded(fresh, now, admittedBefore);
    }
    synchronized (lock) {
      int estimate = Math.max(counted, 0) + admittedSince;
      if (counted >= 0 && estimate >= maxUnfinished) {
        throw new ProblemException(
            new Problem.ResourceExhausted(
                "the server has "
                    + estimate
                    + " unfinished operations, as many as it can carry out before their deadline;"
                    + " nothing was changed: retry later",
                Optional.of(retryAfter(estimate))));
      }
      admittedSince++;
    }
  }

  /**
   * Takes a fresh count, and from its fall since the last one, the rate operations finish at. The
   * {@code admittedBefore} operations admitted before the count began are in it (or about to be);
   * those admitted while it ran are kept on top of it.
   */
  private void recorded(int fresh, long at, int admittedBefore) {
    synchronized (lock) {
      if (counted >= 0 && at > countedAt) {
        double seconds = (at - countedAt) / 1e9;
        int finished = counted + admittedBefore - fresh;
        if (finished > 0) {
          double rate = finished / seconds;
          drainRate = drainRate == 0 ? rate : 0.5 * drainRate + 0.5 * rate;
        }
      }
      counted = fresh;
      countedAt = at;
      admittedSince -= admittedBefore;
    }
  }

  /** Returns how long the backlog above 90% of the bound takes to drain at the last rate. */
  private Duration retryAfter(int estimate) {
    if (drainRate <= 0) {
      return MIN_RETRY;
    }
    double excess = estimate - 0.9 * maxUnfinished;
    Duration wait = Duration.ofMillis((long) Math.ceil(1000 * Math.max(excess, 1) / drainRate));
    if (wait.compareTo(MIN_RETRY) < 0) {
      return MIN_RETRY;
    }
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }
}
