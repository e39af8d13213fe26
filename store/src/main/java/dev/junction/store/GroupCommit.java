package dev.junction.store;

import dev.junction.core.store.WriterBusy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Gathers the write transactions of concurrent callers into batches, so that several share one
 * commit (group commit). A caller that finds a free lane leads: it runs a batch of its own work and
 * of whatever queued meanwhile, at most {@code maxBatch} works, on the lane's connection; callers
 * that find every lane busy queue and wait for a signal, either that their batch committed (or
 * failed) or that they lead the next batch. A leader that has finished its batch hands its lane to
 * the first caller still queued, or frees it. Nothing waits to fill a batch: a batch is what queued
 * while the previous commit was in flight.
 *
 * <p>The batch itself (one transaction, a savepoint per work, one commit) is run by the {@code
 * runner} the store gives; it must settle every work of the batch ({@link Queued#succeed} or {@link
 * Queued#fail}) only once the commit is durable or has failed.
 */
final class GroupCommit {
  private final int lanes;
  private final int maxBatch;
  private final Consumer<List<Queued<?>>> runner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queueGrew = lock.newCondition();
  private final ArrayDeque<Queued<?>> queue = new ArrayDeque<>();
  private final ThreadLocal<Boolean> leading = ThreadLocal.withInitial(() -> false);
  private int leaders;

  GroupCommit(int lanes, int maxBatch, Consumer<List<Queued<?>>> runner) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes: " + lanes + " (expected: >= 1)");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch: " + maxBatch + " (expected: >= 1)");
    }
    this.lanes = lanes;
    this.maxBatch = maxBatch;
    this.runner = runner;
  }

  /** Returns how many batches may run at once, each on a connection of its own. */
  int lanes() {
    return lanes;
  }

  /**
   * Runs {@code work} in a batch, waiting for the batch's commit, and returns its result or throws
   * its failure (or the batch's). Its transaction returns at most {@code maxPageSize} items a page.
   *
   * @throws IllegalStateException if called from inside a work: a transaction cannot wait for
   *     another that could only run after it
   */
  <T> T run(Function<JdbcTx, T> work, int maxPageSize) {
    return run(work, maxPageSize, null);
  }

  /**
   * Runs {@code work} as {@link #run(Function, int)} does, but withdraws it unstarted if it waits
   * longer than {@code queueWait} (when not null) in the queue.
   *
   * @throws WriterBusy if it was withdrawn: nothing of it ran
   */
  <T> T run(Function<JdbcTx, T> work, int maxPageSize, @Nullable Duration queueWait) {
    if (leading.get()) {
      throw new IllegalStateException("a write transaction cannot start another write transaction");
    }
    Queued<T> mine = new Queued<>(work, maxPageSize);
    boolean lead;
    lock.lock();
    try {
      lead = leaders < lanes;
      if (lead) {
        leaders++;
      } else {
        queue.add(mine);
        queueGrew.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (!lead) {
      lead = awaitTurn(mine, queueWait);
    }
    if (lead) {
      lead(mine);
    }
    return mine.outcome();
  }

  /**
   * Waits for the signal of a queued write; returns true if it must lead a batch. Past {@code
   * queueWait}, a write still in the queue is taken out of it and refused; one already taken into a
   * batch (or handed a lane) waits on for that batch, which will settle it.
   */
  private boolean awaitTurn(Queued<?> mine, @Nullable Duration queueWait) {
    if (queueWait == null) {
      return mine.awaitTurn();
    }
    try {
      return mine.awaitTurn(queueWait);
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      boolean withdrawn;
      lock.lock();
      try {
        withdrawn = queue.remove(mine);
      } finally {
        lock.unlock();
      }
      if (withdrawn) {
        throw new WriterBusy(queueWait);
      }
      return mine.awaitTurn();
    }
  }

  /** Runs a batch of {@code first} and what queued behind it, then passes the lane on. */
  private void lead(Queued<?> first) {
    List<Queued<?>> batch = first.handed;
    if (batch == null) {
      batch = new ArrayList<>();
      batch.add(first);
      lock.lock();
      try {
        drainInto(batch);
      } finally {
        lock.unlock();
      }
    }
    leading.set(true);
    try {
      runner.accept(batch);
    } catch (RuntimeException | Error e) {
      for (Queued<?> queued : batch) {
        queued.fail(e);
      }
    } finally {
      leading.set(false);
      for (Queued<?> queued : batch) {
        if (!queued.settled()) {
          queued.fail(new IllegalStateException("the batch ended without settling this write"));
        }
      }
      passLane();
      for (Queued<?> queued : batch) {
        if (queued != first) {
          queued.wake(false);
        }
      }
    }
  }

  /**
   * Gives the lane to the first caller still queued, with its batch already taken from the queue,
   * or frees the lane if none is queued. Taking the batch here, under the lock, keeps the order of
   * the queue: another lane passed on at the same moment cannot take a later write first.
   */
  private void passLane() {
    Queued<?> next;
    lock.lock();
    try {
      next = queue.poll();
      if (next == null) {
        leaders--;
      } else {
        List<Queued<?>> batch = new ArrayList<>();
        batch.add(next);
        drainInto(batch);
        next.handed = batch;
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      next.wake(true);
    }
  }

  /** Moves queued writes into {@code batch} up to {@code maxBatch}; the lock is held. */
  private void drainInto(List<Queued<?>> batch) {
    while (batch.size() < maxBatch && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
  }

  /**
   * Waits until at least {@code count} writes are queued behind busy lanes; for tests that need
   * writes to share a batch.
   */
  void awaitQueued(int count) throws InterruptedException {
    lock.lock();
    try {
      while (queue.size() < count) {
        queueGrew.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** One caller's work in the queue, and what became of it. */
  static final class Queued<T> {
    private final Function<JdbcTx, T> work;
    private final int maxPageSize;
    private final CompletableFuture<Boolean> turn = new CompletableFuture<>();

    /** The batch this caller leads, when a lane was passed to it; set before it is woken. */
    private @Nullable List<Queued<?>> handed;

    private boolean settled;
    private T result;
    private Throwable failure;

    Queued(Function<JdbcTx, T> work, int maxPageSize) {
      this.work = work;
      this.maxPageSize = maxPageSize;
    }

    /** Returns the most items a page of the work's transaction holds. */
    int maxPageSize() {
      return maxPageSize;
    }

    /** Runs the work in {@code tx}; the batch settles it once the commit is known. */
    T apply(JdbcTx tx) {
      return work.apply(tx);
    }

    /** Records the work's result; its caller gets it when it wakes. Once only. */
    void succeed(Object value) {
      if (!settled) {
        settled = true;
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        result = typed;
      }
    }

    /** Returns whether the work's result or failure is recorded. */
    boolean settled() {
      return settled;
    }

    /** Records the work's failure; its caller gets it when it wakes. Once only. */
    void fail(Throwable cause) {
      if (!settled) {
        settled = true;
        failure = cause;
      }
    }

    /** Wakes the caller: to lead the next batch, or because its batch is over. */
    void wake(boolean lead) {
      turn.complete(lead);
    }

    /** Waits for a signal; returns true if the caller must lead a batch (with its own work). */
    boolean awaitTurn() {
      return turn.join();
    }

    /** Waits at most {@code wait} for a signal, as {@link #awaitTurn()} does. */
    boolean awaitTurn(Duration wait) throws TimeoutException, InterruptedException {
      try {
        return turn.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a write's turn is only ever completed normally", e);
      }
    }

    /** Returns the result, or throws the failure, of the settled work. */
    T outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new StoreException("a write failed", failure);
      }
      return result;
    }
  }
}
