package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.problem.Problem;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import dev.junction.store.JdbcStore;
import dev.junction.store.PostgresStore;
import dev.junction.store.SqliteStore;
import dev.junction.store.TestKeys;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request waiting on an operation is told when it is done, however it is finished: by this
 * process's worker directly, by another worker on the same store (heard through the store's
 * signal), or by a worker of another replica on PostgreSQL (heard through NOTIFY). The workers run
 * on their own threads with a ten-minute backstop poll, so only the signals can make these pass in
 * time.
 */
class OperationWaiterTest {
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration SAFETY_POLL = Duration.ofMinutes(10);
  private static final long WAIT_SECONDS = 30;

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  /** Finishes ticket operations (the resource type is only a key here) in one step. */
  private static final class Finishing implements Execution {
    @Override
    public ResourceType resourceType() {
      return ResourceType.TICKET;
    }

    @Override
    public Step step(WriteTx tx, Operation operation, Instant now) {
      return new Step.Finished(operation.succeeded(ResourceState.NOTHING, now));
    }

    @Override
    public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
      return new Step.Finished(operation.failed(problem, now));
    }
  }

  private <T extends AutoCloseable> T closes(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  /** Starts a worker on {@code store} that wakes on the store's signal only. */
  private OperationWorker startedWorker(Store store, String id) {
    OperationWorker worker =
        closes(
            new OperationWorker(
                store,
                InstantSource.system(),
                List.of(new Finishing()),
                id,
                LEASE,
                SAFETY_POLL,
                Signals.none()));
    store.onOperationsDue(worker::wake);
    worker.start();
    return worker;
  }

  /** Returns a waiter on {@code store} that hears only the store's signal. */
  private OperationWaiter waiter(Store store) {
    OperationWaiter waiter = closes(new OperationWaiter(store));
    store.onOperationsDue(waiter::changed);
    return waiter;
  }

  @Test
  void anOperationAnotherWorkerOnTheStoreFinishesCompletesTheWait() throws Exception {
    JdbcStore store = closes(SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher()));
    OperationWaiter waiter = waiter(store);
    Operation submitted = TicketOperations.unfinished("op-1", Instant.now());
    TicketOperations.insert(store, submitted);
    // Registered before any worker runs: the operation is certainly not done yet.
    CompletableFuture<Operation> done = waiter.done(submitted);
    assertThat(done).isNotDone();

    // This worker is not wired to the waiter: only the store's signal of its commit can tell.
    startedWorker(store, "worker-other");

    Operation finished = done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(finished.id()).isEqualTo("op-1");
    assertThat(finished.done()).isTrue();
    assertThat(finished.response()).contains(ResourceState.NOTHING);
  }

  @Test
  void anOperationThisProcessFinishesCompletesTheWaitAtOnce() throws Exception {
    JdbcStore store = closes(SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher()));
    // No store signal reaches this waiter: only the worker's own announcement does.
    OperationWaiter waiter = closes(new OperationWaiter(store));
    OperationWorker worker =
        closes(
            new OperationWorker(
                store,
                InstantSource.system(),
                List.of(new Finishing()),
                "worker-local",
                LEASE,
                SAFETY_POLL,
                Signals.none()));
    worker.onFinished(waiter::finished);
    Operation submitted = TicketOperations.unfinished("op-1", Instant.now());
    TicketOperations.insert(store, submitted);
    CompletableFuture<Operation> done = waiter.done(submitted);

    assertThat(worker.runOnce()).isEqualTo(1);

    assertThat(done).isCompleted();
    assertThat(done.get().done()).isTrue();
  }

  @Test
  void twoWaitsOnOneOperationTimeOutEachOnItsOwn() throws Exception {
    JdbcStore store = closes(SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher()));
    OperationWaiter waiter = waiter(store);
    Operation submitted = TicketOperations.unfinished("op-1", Instant.now());
    TicketOperations.insert(store, submitted);
    CompletableFuture<Operation> impatient =
        waiter.done(submitted).orTimeout(1, TimeUnit.MILLISECONDS);
    CompletableFuture<Operation> patient = waiter.done(submitted);
    assertThat(impatient)
        .failsWithin(Duration.ofSeconds(WAIT_SECONDS))
        .withThrowableThat()
        .withCauseInstanceOf(java.util.concurrent.TimeoutException.class);

    startedWorker(store, "worker-other");

    assertThat(patient.get(WAIT_SECONDS, TimeUnit.SECONDS).done()).isTrue();
  }

  @Test
  void anOperationAnotherReplicaFinishesCompletesTheWait() throws Exception {
    String url = TestPostgres.newDatabase();
    JdbcStore replicaA =
        closes(
            PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher()));
    JdbcStore replicaB =
        closes(
            PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher()));
    OperationWaiter waiter = waiter(replicaA);
    Operation submitted = TicketOperations.unfinished("op-1", Instant.now());
    TicketOperations.insert(replicaA, submitted);
    CompletableFuture<Operation> done = waiter.done(submitted);

    // Only replica B runs a worker; replica A hears of its commit through the database alone.
    startedWorker(replicaB, "worker-b");

    Operation finished = done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(finished.done()).isTrue();
    assertThat(finished.response()).contains(ResourceState.NOTHING);
  }
}
