package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.SettableClock;
import dev.junction.core.problem.Problem;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import dev.junction.store.JdbcStore;
import dev.junction.store.PostgresStore;
import dev.junction.store.TestKeys;
import dev.junction.store.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two operation workers, each on a store of its own (two replicas), on one real PostgreSQL: a step
 * stalled past its lease never commits once another worker has taken the operation over, the
 * heartbeat keeps a stalled step's lease, and a worker wakes for an operation another replica
 * submits.
 */
class OperationWorkerPostgresTest {
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration SAFETY_POLL = Duration.ofMinutes(10);
  private static final long WAIT_SECONDS = 30;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private JdbcStore replicaA;
  private JdbcStore replicaB;

  @BeforeEach
  void openTwoReplicas() throws Exception {
    String url = TestPostgres.newDatabase();
    replicaA = PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
    replicaB = PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  @AfterEach
  void closeEverything() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    replicaA.close();
    replicaB.close();
  }

  /**
   * Carries out ticket operations (the resource type is only a key here) by writing which worker
   * ran the step, as a provider setting, then ending as {@code waits} says. A gated execution stops
   * inside its first step until the test opens the gate.
   */
  private static final class RecordingExecution implements Execution {
    final String name;
    final boolean gated;
    final boolean waits;
    final boolean inStore;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger steps = new AtomicInteger();

    RecordingExecution(String name, boolean gated, boolean waits) {
      this(name, gated, waits, false);
    }

    /** With {@code inStore}, the worker claims and steps in one transaction. */
    RecordingExecution(String name, boolean gated, boolean waits, boolean inStore) {
      this.name = name;
      this.gated = gated;
      this.waits = waits;
      this.inStore = inStore;
    }

    @Override
    public boolean stepsInStore() {
      return inStore;
    }

    @Override
    public ResourceType resourceType() {
      return ResourceType.TICKET;
    }

    @Override
    public Step step(WriteTx tx, Operation operation, Instant now) {
      if (steps.incrementAndGet() == 1 && gated) {
        entered.countDown();
        try {
          if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      tx.saveProviderSetting("ran-by-" + name, operation.id());
      entered.countDown();
      if (waits) {
        return new Step.Wait(Duration.ofSeconds(1));
      }
      return new Step.Finished(operation.succeeded(ResourceState.NOTHING, now));
    }

    @Override
    public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
      return new Step.Finished(operation.failed(problem, now));
    }
  }

  private OperationWorker worker(Store store, InstantSource time, String id, Execution execution) {
    OperationWorker worker =
        new OperationWorker(
            store, time, List.of(execution), id, LEASE, SAFETY_POLL, Signals.none());
    closing.add(worker);
    return worker;
  }

  private static Optional<String> setting(Store store, String name) {
    return store.read(tx -> tx.providerSetting(name));
  }

  @ParameterizedTest(name = "the stalled step would end by waiting: {0}")
  @ValueSource(booleans = {false, true})
  void aStepStalledPastItsLeaseNeverCommitsOnceAnotherWorkerTookItOver(boolean waits)
      throws Exception {
    RecordingExecution stalled = new RecordingExecution("a", true, waits);
    RecordingExecution taker = new RecordingExecution("b", false, false);
    OperationWorker workerA = worker(replicaA, clock, "worker-a", stalled);
    OperationWorker workerB = worker(replicaB, clock, "worker-b", taker);
    TicketOperations.insert(replicaA, TicketOperations.unfinished("op-1", clock.instant()));

    Future<Integer> passA = threads.submit(workerA::runOnce);
    assertThat(stalled.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    // Worker A is paused inside its step (no heartbeat runs) until its lease has expired.
    clock.tick(LEASE.plusSeconds(1));
    assertThat(workerB.runOnce()).as("worker B takes the operation over").isEqualTo(1);
    stalled.gate.countDown();
    assertThat(passA.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(setting(replicaA, "ran-by-a")).as("the stalled step's writes").isEmpty();
    assertThat(setting(replicaA, "ran-by-b")).contains("op-1");
    Operation done = replicaA.read(tx -> tx.operation("op-1")).orElseThrow();
    assertThat(done.done()).isTrue();
    assertThat(done.response()).contains(ResourceState.NOTHING);
    assertThat(taker.steps).hasValue(1);
    assertThat(workerA.runOnce() + workerB.runOnce()).as("nothing left to run").isZero();
  }

  @Test
  void aClaimAndStepInOneTransactionIsTheOnlyOneAndHoldsUpNoOtherWorker() throws Exception {
    RecordingExecution held = new RecordingExecution("a", true, false, true);
    RecordingExecution other = new RecordingExecution("b", false, false, true);
    OperationWorker workerA = worker(replicaA, clock, "worker-a", held);
    OperationWorker workerB = worker(replicaB, clock, "worker-b", other);
    TicketOperations.insert(replicaA, TicketOperations.unfinished("op-1", clock.instant()));

    Future<Integer> passA = threads.submit(workerA::runOnce);
    assertThat(held.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    // Worker A's claim is not committed: B reads the operation as due, and its claim skips the row
    // A's transaction holds rather than waiting for it.
    Future<Integer> passB = threads.submit(workerB::runOnce);
    assertThat(passB.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("worker B claimed nothing").isZero();
    held.gate.countDown();
    assertThat(passA.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(setting(replicaB, "ran-by-a")).contains("op-1");
    assertThat(other.steps).hasValue(0);
    assertThat(replicaB.read(tx -> tx.operation("op-1")).orElseThrow().done()).isTrue();
    assertThat(workerA.renewLeases())
        .as("no lease to renew: it never left the transaction")
        .isZero();
  }

  @Test
  void theHeartbeatKeepsTheLeaseOfAStepThatRunsLong() throws Exception {
    RecordingExecution slow = new RecordingExecution("a", true, false);
    RecordingExecution other = new RecordingExecution("b", false, false);
    OperationWorker workerA = worker(replicaA, clock, "worker-a", slow);
    OperationWorker workerB = worker(replicaB, clock, "worker-b", other);
    TicketOperations.insert(replicaA, TicketOperations.unfinished("op-1", clock.instant()));

    Future<Integer> passA = threads.submit(workerA::runOnce);
    assertThat(slow.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    clock.tick(LEASE.dividedBy(2));
    assertThat(workerA.renewLeases()).as("operations held").isEqualTo(1);
    clock.tick(LEASE.dividedBy(2).plusSeconds(1));
    assertThat(workerB.runOnce()).as("the renewed lease is still worker A's").isZero();
    slow.gate.countDown();
    assertThat(passA.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);

    assertThat(setting(replicaB, "ran-by-a")).contains("op-1");
    assertThat(other.steps).hasValue(0);
    assertThat(replicaB.read(tx -> tx.operation("op-1")).orElseThrow().done()).isTrue();
    assertThat(workerA.renewLeases()).as("nothing held after the pass").isZero();
  }

  @Test
  void theStartedWorkerRenewsItsLeasesOnItsOwn() throws Exception {
    Duration shortLease = Duration.ofMillis(300);
    Semaphore beats = new Semaphore(0);
    // Worker A's time is the test's clock; each time its heartbeat thread reads it, after the
    // read, a permit is released, so the test can tell when a heartbeat has run after a tick.
    InstantSource observed =
        () -> {
          Instant now = clock.instant();
          if (Thread.currentThread().getName().equals("operation-heartbeat")) {
            beats.release();
          }
          return now;
        };
    RecordingExecution slow = new RecordingExecution("a", true, false);
    RecordingExecution other = new RecordingExecution("b", false, false);
    OperationWorker workerA =
        new OperationWorker(
            replicaA, observed, List.of(slow), "worker-a", shortLease, SAFETY_POLL, Signals.none());
    closing.add(workerA);
    OperationWorker workerB = worker(replicaB, clock, "worker-b", other);
    replicaA.onOperationsDue(workerA::wake);
    workerA.start();
    TicketOperations.insert(replicaA, TicketOperations.unfinished("op-1", clock.instant()));
    assertThat(slow.entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    clock.tick(Duration.ofMinutes(1));
    beats.drainPermits();
    // The third read after the tick comes after a renewal that read the new time had committed.
    assertThat(beats.tryAcquire(3, WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    clock.tick(shortLease.dividedBy(2));
    assertThat(workerB.runOnce())
        .as("an hour-old claim, renewed by the heartbeat, is still worker A's")
        .isZero();
    slow.gate.countDown();
    workerA.close();
    assertThat(setting(replicaB, "ran-by-a")).contains("op-1");
    assertThat(other.steps).hasValue(0);
  }

  @Test
  void wakesForAnOperationThatAnotherReplicaSubmits() throws Exception {
    RecordingExecution first = new RecordingExecution("first", false, false);
    OperationWorker workerA = worker(replicaA, InstantSource.system(), "worker-a", first);
    replicaA.onOperationsDue(workerA::wake);
    workerA.start();

    // The worker sleeps for SAFETY_POLL (ten minutes) between passes unless it is woken, and
    // nothing in replica A's process is told of replica B's commits except through the database.
    TicketOperations.insert(replicaB, TicketOperations.unfinished("op-1", Instant.now()));
    assertThat(first.entered.await(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("worker A ran the operation replica B submitted")
        .isTrue();
  }

  @Test
  void hearsAnotherReplicaMakeAnOperationDue() throws Exception {
    CountDownLatch heard = new CountDownLatch(1);
    replicaA.onOperationsDue(heard::countDown);
    TicketOperations.insert(replicaB, TicketOperations.unfinished("op-1", clock.instant()));
    assertThat(heard.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }
}
