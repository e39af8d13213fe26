package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.problem.Problem;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Drives unfinished operations to done, one step at a time. Each pass reads which operations are
 * due, the scopes taking turns, claims each with a lease (so that two workers, in this process or
 * another, never run the same one), runs one step of it, and releases or completes it: claim, step
 * and release in one transaction when the step only changes the store, as every step of the
 * server's own executions does ({@link Execution#stepsInStore}).
 *
 * <p>While it holds operations whose claim committed before their step, a heartbeat renews their
 * leases every third of the lease. A worker that dies, or stalls long enough for its leases to
 * expire, loses its operations to another worker; a step that was still running then cannot commit,
 * because its last write (complete, release or retry) changes the operation only while this worker
 * holds the lease, and otherwise undoes the whole step.
 *
 * <p>A step that throws is retried after a wait that doubles with each failure in a row ({@link
 * Retries}); the count is kept with the operation, so it survives a restart. After the last attempt
 * the operation fails with an ABORTED error and its resource is rolled back, as for a deadline or a
 * cancel.
 *
 * <p>Between passes the worker sleeps until the next operation is due (asking the store), until
 * {@link #wake()} (a submit, a cancel, a router report, or another replica's commit heard through
 * the store), or at most {@code safetyPoll}, a backstop against a lost wake-up.
 *
 * <p>{@link #runOnce()} and {@link #renewLeases()} are a pass and a heartbeat, for tests that drive
 * the worker by hand; {@link #start()} runs both on threads until {@link #close()}.
 */
public final class OperationWorker implements AutoCloseable {
  private static final System.Logger log = System.getLogger(OperationWorker.class.getName());

  /**
   * The most due operations a pass claims. A pass costs a few milliseconds whatever its size, so
   * the batch bounds what the worker can carry: with 32, passes ran full at about 2,300 operations
   * a second once creates got cheaper, and admission (which counts unfinished operations) began to
   * refuse creates the writer could still take. With 96 a saturated pass carries about 43.
   */
  private static final int BATCH = 96;

  /**
   * The least sleep between passes, so that an operation that is due but cannot be claimed yet (a
   * concurrent claim holds its row) does not make the worker spin.
   */
  private static final Duration MIN_IDLE = Duration.ofMillis(10);

  private final Store store;
  private final InstantSource clock;
  private final Map<ResourceType, Execution> executions = new EnumMap<>(ResourceType.class);
  private final String workerId;
  private final Duration lease;
  private final Duration safetyPoll;
  private final Retries retries;
  private final Signals signals;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final List<Consumer<Operation>> finishedListeners = new CopyOnWriteArrayList<>();

  /** The threads that take the steps of one pass together: as many as a pass takes. */
  private final ThreadPoolExecutor steppers = steppers();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean running;
  private volatile long lastLoopNanos = System.nanoTime();
  private @Nullable Thread thread;
  private @Nullable ScheduledExecutorService heartbeat;

  /**
   * Returns a worker with the default {@link Retries}.
   *
   * @see #OperationWorker(Store, InstantSource, List, String, Duration, Duration, Retries, Signals)
   */
  public OperationWorker(
      Store store,
      InstantSource clock,
      List<Execution> executions,
      String workerId,
      Duration lease,
      Duration safetyPoll,
      Signals signals) {
    this(store, clock, executions, workerId, lease, safetyPoll, Retries.DEFAULT, signals);
  }

  /**
   * @param workerId a name unique among live workers, recorded in the leases it takes
   * @param lease how long a claimed operation stays this worker's without renewal
   * @param safetyPoll the longest sleep between passes, should a wake-up be lost
   * @param retries how a failed step is retried, and when the operation is given up
   * @param signals told when a finished step changed what the network should run
   */
  public OperationWorker(
      Store store,
      InstantSource clock,
      List<Execution> executions,
      String workerId,
      Duration lease,
      Duration safetyPoll,
      Retries retries,
      Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    for (Execution execution : executions) {
      this.executions.put(execution.resourceType(), execution);
    }
    this.workerId = requireNonNull(workerId, "workerId");
    this.lease = requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease: " + lease + " (expected: > 0)");
    }
    this.safetyPoll = requireNonNull(safetyPoll, "safetyPoll");
    if (safetyPoll.isNegative() || safetyPoll.isZero()) {
      throw new IllegalArgumentException("safetyPoll: " + safetyPoll + " (expected: > 0)");
    }
    this.retries = requireNonNull(retries, "retries");
    this.signals = requireNonNull(signals, "signals");
  }

  /**
   * Runs one step of every due operation and returns how many steps ran.
   *
   * <p>The pass first reads which operations are due, and writes nothing if none is: most passes
   * follow a wake-up for work another pass already took. Each due operation is then claimed by a
   * conditional write that the database decides, so a read that another worker overtook only costs
   * a claim that changes nothing. An operation whose execution steps only in the store ({@link
   * Execution#stepsInStore}) is claimed and stepped in one transaction; any other is claimed in a
   * transaction of its own first, so that the heartbeat keeps its lease while the step runs. The
   * due operations of one pass are taken together, each on a thread of its own, and the pass
   * returns once all have ended.
   */
  public int runOnce() {
    List<DueOperation> due = store.read(tx -> tx.dueOperations(clock.instant(), BATCH));
    if (due.isEmpty()) {
      return 0;
    }
    List<Ran> outcomes = due.size() == 1 ? List.of(take(due.getFirst())) : takeTogether(due);
    int ran = 0;
    boolean finishedAny = false;
    for (Ran outcome : outcomes) {
      if (outcome != Ran.NOT_CLAIMED) {
        ran++;
      }
      finishedAny |= outcome == Ran.FINISHED;
    }
    if (finishedAny) {
      signals.networkChanged();
    }
    return ran;
  }

  /** Claims {@code candidate} and takes its step, as its execution steps. */
  private Ran take(DueOperation candidate) {
    Execution execution = execution(candidate.resourceType());
    return execution.stepsInStore()
        ? claimAndStep(candidate, execution)
        : claimThenStep(candidate, execution);
  }

  /**
   * Takes the steps of several due operations at once, each on a thread of its own, and waits for
   * all of them. Their writes then queue at the store together and share its commits (or run side
   * by side, where the store runs writes concurrently), instead of each waiting for the commit of
   * the one before: under a stream of creates, a worker stepping one operation per commit fell ever
   * further behind them. Steps of different operations are independent, as they already are between
   * the workers of different replicas. A failure of one (the database's, not a step's: a step's own
   * failure is recorded by {@link #failed}) is thrown once all have ended.
   */
  private List<Ran> takeTogether(List<DueOperation> due) {
    List<Future<Ran>> pending = new ArrayList<>(due.size());
    for (DueOperation candidate : due) {
      pending.add(steppers.submit(() -> take(candidate)));
    }
    List<Ran> outcomes = new ArrayList<>(due.size());
    RuntimeException failure = null;
    for (Future<Ran> step : pending) {
      try {
        outcomes.add(awaitUninterruptibly(step));
      } catch (ExecutionException e) {
        RuntimeException cause =
            switch (e.getCause()) {
              case RuntimeException runtime -> runtime;
              case Error error -> throw error;
              default -> new IllegalStateException("a step failed", e.getCause());
            };
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return outcomes;
  }

  /**
   * Waits for {@code step} to end even if interrupted meanwhile (a step must not be left running
   * behind a pass that returned), then reports the interrupt.
   */
  private static Ran awaitUninterruptibly(Future<Ran> step) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return step.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadPoolExecutor steppers() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            BATCH,
            BATCH,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task ->
                Thread.ofPlatform()
                    .daemon()
                    .name("operation-step-" + count.incrementAndGet())
                    .unstarted(task));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** What became of one due operation in a pass. */
  private enum Ran {
    /** Another worker had it, or it was no longer due: nothing ran. */
    NOT_CLAIMED,
    /** A step ran and the operation is not done. */
    STEPPED,
    /** A step ran and finished the operation. */
    FINISHED
  }

  /** Claims {@code candidate} and takes its step in one transaction. */
  private Ran claimAndStep(DueOperation candidate, Execution execution) {
    boolean[] claimed = {false};
    try {
      Optional<Optional<Operation>> result =
          store.write(
              tx -> {
                Instant now = clock.instant();
                Optional<Operation> operation =
                    tx.claimOperation(candidate.id(), workerId, now, now.plus(lease));
                claimed[0] = operation.isPresent();
                return operation.map(held -> step(tx, held, execution, now));
              });
      if (result.isEmpty()) {
        return Ran.NOT_CLAIMED;
      }
      result.get().ifPresent(this::announceFinished);
      return result.get().isPresent() ? Ran.FINISHED : Ran.STEPPED;
    } catch (LeaseLost lost) {
      log.log(Level.DEBUG, "operation {0} was taken over by another worker", candidate.id());
      return Ran.STEPPED;
    } catch (RuntimeException e) {
      if (!claimed[0]) {
        // The claim itself failed: the database, not the step; the next pass tries again.
        throw e;
      }
      // The step's transaction, claim included, was undone: the failure is recorded under a new
      // claim.
      return failed(candidate.id(), execution, e, true) ? Ran.FINISHED : Ran.STEPPED;
    }
  }

  /** Claims {@code candidate} in a transaction of its own, then takes its step in another. */
  private Ran claimThenStep(DueOperation candidate, Execution execution) {
    Optional<Operation> claimed =
        store.write(
            tx -> {
              Instant now = clock.instant();
              return tx.claimOperation(candidate.id(), workerId, now, now.plus(lease));
            });
    if (claimed.isEmpty()) {
      return Ran.NOT_CLAIMED;
    }
    held.add(candidate.id());
    try {
      return runStep(claimed.get(), execution) ? Ran.FINISHED : Ran.STEPPED;
    } finally {
      held.remove(candidate.id());
    }
  }

  /**
   * Renews the lease of every operation this worker holds (claimed and not yet released), as the
   * heartbeat does every third of the lease; returns how many it holds.
   */
  public int renewLeases() {
    List<String> ids = List.copyOf(held);
    if (!ids.isEmpty()) {
      Instant leaseUntil = clock.instant().plus(lease);
      store.write(
          tx -> {
            tx.renewLeases(ids, workerId, leaseUntil);
            return null;
          });
    }
    return ids.size();
  }

  /** Takes the step of an operation whose claim has committed; returns whether it finished. */
  private boolean runStep(Operation claimed, Execution execution) {
    try {
      Optional<Operation> finished =
          store.write(
              tx -> step(tx, tx.checkLease(claimed.id(), workerId), execution, clock.instant()));
      finished.ifPresent(this::announceFinished);
      return finished.isPresent();
    } catch (LeaseLost lost) {
      log.log(Level.DEBUG, "operation {0} was taken over by another worker", claimed.id());
      return false;
    } catch (RuntimeException e) {
      return failed(claimed.id(), execution, e, false);
    }
  }

  /**
   * Takes one step of {@code operation}, held by this worker in {@code tx}: rolls it back if it was
   * cancelled or is past its deadline. Returns the operation if the step finished it.
   */
  private Optional<Operation> step(
      WriteTx tx, Operation operation, Execution execution, Instant now) {
    if (operation.done()) {
      tx.completeOperation(operation, workerId);
      return Optional.empty();
    }
    Step step;
    if (operation.cancelRequested()) {
      step =
          execution.rollBack(
              tx, operation, new Problem.Cancelled("the operation was cancelled"), now);
    } else if (!now.isBefore(operation.deadline())) {
      step =
          execution.rollBack(
              tx,
              operation,
              new Problem.DeadlineExceeded(
                  "the network did not apply the change before the operation's deadline"),
              now);
    } else {
      step = execution.step(tx, operation, now);
    }
    return end(tx, operation, step, now, 0);
  }

  private Execution execution(ResourceType resourceType) {
    Execution execution = executions.get(resourceType);
    if (execution == null) {
      throw new IllegalStateException("no execution for " + resourceType);
    }
    return execution;
  }

  /**
   * Writes how a step ended, as the last write of its transaction (fenced by the lease), and
   * returns the operation if it is done; {@code attempts} is the count of failures to keep.
   */
  private Optional<Operation> end(
      WriteTx tx, Operation operation, Step step, Instant now, int attempts) {
    return switch (step) {
      case Step.Finished finished -> {
        tx.completeOperation(finished.operation(), workerId);
        yield Optional.of(finished.operation());
      }
      case Step.Wait wait -> {
        if (attempts == 0) {
          tx.releaseOperation(operation.id(), workerId, now.plus(wait.delay()));
        } else {
          tx.retryOperation(operation.id(), workerId, attempts, now.plus(wait.delay()));
        }
        yield Optional.empty();
      }
    };
  }

  /** What the worker did about a failed step. */
  private enum Outcome {
    RETRY,
    GAVE_UP,
    LOST
  }

  /** What the worker did about a failed step, and the operation if that finished it. */
  private record Handled(Outcome outcome, Optional<Operation> finished) {}

  /**
   * Records a failed step of operation {@code id}: retries it after a backoff, or, after the last
   * attempt, fails it and rolls its resource back. Returns whether the operation is done. If the
   * claim was undone with the step ({@code reclaim}), the operation is claimed again first.
   */
  private boolean failed(String id, Execution execution, RuntimeException cause, boolean reclaim) {
    Instant now = clock.instant();
    int[] attempts = {0};
    Handled handled;
    try {
      handled =
          store.write(
              tx -> {
                if (reclaim && tx.claimOperation(id, workerId, now, now.plus(lease)).isEmpty()) {
                  throw new LeaseLost(id, workerId);
                }
                attempts[0] = tx.operationAttempts(id) + 1;
                if (!retries.exhausted(attempts[0])) {
                  tx.retryOperation(
                      id, workerId, attempts[0], now.plus(retries.delayAfter(attempts[0])));
                  return new Handled(Outcome.RETRY, Optional.empty());
                }
                Operation operation = tx.checkLease(id, workerId);
                return new Handled(
                    Outcome.GAVE_UP,
                    end(
                        tx,
                        operation,
                        execution.rollBack(tx, operation, gaveUp(attempts[0]), now),
                        now,
                        attempts[0]));
              });
    } catch (LeaseLost lost) {
      handled = new Handled(Outcome.LOST, Optional.empty());
    } catch (RuntimeException rollBackFailure) {
      cause.addSuppressed(rollBackFailure);
      return failWithoutRollBack(id, attempts[0], cause, reclaim);
    }
    switch (handled.outcome()) {
      case RETRY ->
          log.log(
              Level.WARNING,
              "step of operation "
                  + id
                  + " failed (attempt "
                  + attempts[0]
                  + " of "
                  + retries.maxAttempts()
                  + "); retrying in "
                  + retries.delayAfter(attempts[0]),
              cause);
      case GAVE_UP ->
          log.log(
              Level.ERROR,
              "operation "
                  + id
                  + " gave up after "
                  + attempts[0]
                  + " failed steps in a row; its resource was rolled back",
              cause);
      case LOST -> log.log(Level.DEBUG, "operation {0} was taken over by another worker", id);
    }
    handled.finished().ifPresent(this::announceFinished);
    return handled.finished().isPresent();
  }

  /**
   * Fails an operation whose rollback failed too: it ends with its error and the resource is left
   * as it is, for an operator to see. Returns whether the operation is done.
   */
  private boolean failWithoutRollBack(
      String id, int attempts, RuntimeException cause, boolean reclaim) {
    if (attempts == 0 || !retries.exhausted(attempts)) {
      // The database itself failed before the attempt was counted: the lease will expire and the
      // step run again. A claim undone with its step is taken again, if the database lets it, so
      // that the operation waits for the lease rather than running again at once.
      log.log(Level.WARNING, "step of operation " + id + " failed; will retry", cause);
      if (reclaim) {
        holdForALease(id);
      }
      return false;
    }
    try {
      Operation failed =
          store.write(
              tx -> {
                Instant now = clock.instant();
                Operation current =
                    reclaim
                        ? tx.claimOperation(id, workerId, now, now.plus(lease))
                            .orElseThrow(() -> new LeaseLost(id, workerId))
                        : tx.checkLease(id, workerId);
                Operation operation = current.failed(gaveUp(attempts), now);
                tx.completeOperation(operation, workerId);
                return operation;
              });
      log.log(
          Level.ERROR,
          "operation "
              + id
              + " gave up after "
              + attempts
              + " failed steps in a row, and its resource could not be rolled back",
          cause);
      announceFinished(failed);
      return true;
    } catch (LeaseLost lost) {
      return false;
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      log.log(Level.WARNING, "could not end operation " + id + "; will retry", cause);
      return false;
    }
  }

  /** Leases operation {@code id} to this worker, if it can, for the lease to delay its next run. */
  private void holdForALease(String id) {
    try {
      store.write(
          tx -> {
            Instant now = clock.instant();
            return tx.claimOperation(id, workerId, now, now.plus(lease));
          });
    } catch (RuntimeException e) {
      log.log(Level.DEBUG, "could not hold operation " + id + " for a lease", e);
    }
  }

  /** Returns the error of an operation given up after {@code attempts} failed steps. */
  private static Problem gaveUp(int attempts) {
    return new Problem.Aborted(
        "the operation failed "
            + attempts
            + " times in a row on an internal error and was given up; the resource was rolled"
            + " back");
  }

  /**
   * Calls {@code listener} with each operation this worker finishes, once its transaction has
   * committed, on the thread that took the step (several may call at once); a listener must be
   * thread-safe and return quickly.
   */
  public void onFinished(Consumer<Operation> listener) {
    finishedListeners.add(requireNonNull(listener, "listener"));
  }

  /** Tells the listeners, and the log, of an operation whose end has committed. */
  private void announceFinished(Operation operation) {
    logFinished(operation);
    for (Consumer<Operation> listener : finishedListeners) {
      try {
        listener.accept(operation);
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "a listener failed on finished operation " + operation.id(), e);
      }
    }
  }

  /**
   * Logs one line per finished operation, once its transaction has committed: what operators read
   * to follow the work, and what shows that no operation finished twice.
   */
  private void logFinished(Operation operation) {
    if (operation.error().isPresent()) {
      log.log(
          Level.INFO,
          "Operation {0} ({1} {2}) finished with an error: {3}",
          operation.id(),
          operation.description(),
          operation.resourceId(),
          operation.error().get().message());
    } else {
      log.log(
          Level.INFO,
          "Operation {0} ({1} {2}) finished",
          operation.id(),
          operation.description(),
          operation.resourceId());
    }
  }

  /** Starts running passes on a daemon thread, and the heartbeat on another. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    ScheduledExecutorService beats =
        Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().daemon().name("operation-heartbeat").unstarted(task));
    long every = Math.max(1, lease.dividedBy(3).toNanos());
    beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.NANOSECONDS);
    heartbeat = beats;
    thread = Thread.ofPlatform().daemon().name("operation-worker").start(this::loop);
  }

  private void beat() {
    try {
      renewLeases();
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "could not renew the leases of operations; will try again", e);
    }
  }

  /** Makes the worker run a pass now rather than when the next operation is due. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      lastLoopNanos = System.nanoTime();
      int steps = 0;
      try {
        steps = runOnce();
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "operation worker pass failed; will retry", e);
      }
      if (steps < BATCH) {
        awaitWork(untilNextDue());
      }
    }
  }

  /**
   * Returns how long to sleep: until the next operation is due, at least {@link #MIN_IDLE} and at
   * most the safety poll.
   */
  private Duration untilNextDue() {
    Optional<Instant> next;
    try {
      next = store.read(ReadTx::nextOperationDue);
    } catch (RuntimeException e) {
      log.log(Level.DEBUG, "cannot ask the store when an operation is due", e);
      return safetyPoll;
    }
    if (next.isEmpty()) {
      return safetyPoll;
    }
    Duration wait = Duration.between(clock.instant(), next.get());
    if (wait.compareTo(MIN_IDLE) < 0) {
      return MIN_IDLE;
    }
    return wait.compareTo(safetyPoll) > 0 ? safetyPoll : wait;
  }

  private void awaitWork(Duration wait) {
    lock.lock();
    try {
      if (!woken) {
        wakeUp.await(wait.toNanos(), TimeUnit.NANOSECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether the worker's thread runs and has begun a pass within {@code staleAfter} plus
   * the longest sleep between passes: what readiness checks. A pass that hangs, or a thread that
   * died, makes it false.
   */
  public boolean alive(Duration staleAfter) {
    Thread current;
    synchronized (this) {
      current = thread;
    }
    long since = System.nanoTime() - lastLoopNanos;
    return running
        && current != null
        && current.isAlive()
        && since <= safetyPoll.plus(staleAfter).toNanos();
  }

  /** Stops the heartbeat, and the thread after its current pass. */
  @Override
  public void close() {
    Thread toJoin;
    ScheduledExecutorService beats;
    synchronized (this) {
      running = false;
      toJoin = thread;
      beats = heartbeat;
    }
    wake();
    if (toJoin != null) {
      try {
        toJoin.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (beats != null) {
      beats.shutdownNow();
    }
    steppers.shutdown();
  }
}
