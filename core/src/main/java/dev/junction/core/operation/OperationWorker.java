package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.problem.Problem;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.Store;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives unfinished operations to done, one step at a time. Each pass claims the due operations
 * with a lease (so that two workers, in this process or another, never run the same one), runs one
 * step of each in its own transaction, and releases or completes it. A worker that dies leaves
 * leases that expire; another worker, or this one after a restart, then takes the operations over.
 *
 * <p>{@link #runOnce()} is the whole of a pass, for tests that drive the worker by hand; {@link
 * #start()} runs passes on a thread until {@link #close()}.
 */
public final class OperationWorker implements AutoCloseable {
  private static final System.Logger log = System.getLogger(OperationWorker.class.getName());
  private static final int BATCH = 32;
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

  private final Store store;
  private final InstantSource clock;
  private final Map<ResourceType, Execution> executions = new EnumMap<>(ResourceType.class);
  private final String workerId;
  private final Duration lease;
  private final Duration idlePoll;
  private final Signals signals;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param workerId a name unique among live workers, recorded in the leases it takes
   * @param lease how long a claimed operation stays this worker's without renewal
   * @param idlePoll how long to wait between passes when there is nothing to do
   * @param signals told when a finished step changed what the network should run
   */
  public OperationWorker(
      Store store,
      InstantSource clock,
      List<Execution> executions,
      String workerId,
      Duration lease,
      Duration idlePoll,
      Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    for (Execution execution : executions) {
      this.executions.put(execution.resourceType(), execution);
    }
    this.workerId = requireNonNull(workerId, "workerId");
    this.lease = requireNonNull(lease, "lease");
    this.idlePoll = requireNonNull(idlePoll, "idlePoll");
    this.signals = requireNonNull(signals, "signals");
  }

  /** Runs one step of every due operation and returns how many steps ran. */
  public int runOnce() {
    Instant now = clock.instant();
    List<Operation> claimed =
        store.write(tx -> tx.claimOperations(workerId, now, now.plus(lease), BATCH));
    boolean finishedAny = false;
    for (Operation operation : claimed) {
      finishedAny |= runStep(operation);
    }
    if (finishedAny) {
      signals.networkChanged();
    }
    return claimed.size();
  }

  /** Returns whether the step finished the operation. */
  private boolean runStep(Operation claimed) {
    Execution execution = executions.get(claimed.resourceType());
    if (execution == null) {
      throw new IllegalStateException("no execution for " + claimed.resourceType());
    }
    try {
      Optional<Operation> finished =
          store.write(
              tx -> {
                tx.checkLease(claimed.id(), workerId);
                Operation operation = tx.operation(claimed.id()).orElseThrow();
                Instant now = clock.instant();
                if (operation.done()) {
                  tx.completeOperation(operation, workerId);
                  return Optional.<Operation>empty();
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
                return switch (step) {
                  case Step.Finished done -> {
                    tx.completeOperation(done.operation(), workerId);
                    yield Optional.of(done.operation());
                  }
                  case Step.Wait wait -> {
                    tx.releaseOperation(operation.id(), workerId, now.plus(wait.delay()));
                    yield Optional.<Operation>empty();
                  }
                };
              });
      finished.ifPresent(this::logFinished);
      return finished.isPresent();
    } catch (LeaseLost lost) {
      log.log(Level.DEBUG, "operation {0} was taken over by another worker", claimed.id());
      return false;
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "step of operation " + claimed.id() + " failed; will retry", e);
      try {
        store.write(
            tx -> {
              tx.releaseOperation(claimed.id(), workerId, clock.instant().plus(RETRY_AFTER_ERROR));
              return null;
            });
      } catch (RuntimeException releaseFailure) {
        log.log(Level.WARNING, "could not release operation " + claimed.id(), releaseFailure);
      }
      return false;
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

  /** Starts running passes on a daemon thread. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("operation-worker").start(this::loop);
  }

  /** Makes the worker run a pass now rather than at its next poll. */
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
      int steps = 0;
      try {
        steps = runOnce();
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "operation worker pass failed; will retry", e);
      }
      if (steps < BATCH) {
        awaitWork();
      }
    }
  }

  private void awaitWork() {
    lock.lock();
    try {
      if (!woken) {
        wakeUp.await(idlePoll.toNanos(), TimeUnit.NANOSECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread after its current pass. */
  @Override
  public void close() {
    Thread toJoin;
    synchronized (this) {
      running = false;
      toJoin = thread;
    }
    wake();
    if (toJoin != null) {
      try {
        toJoin.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
