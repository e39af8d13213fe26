package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import dev.junction.store.JdbcStore;
import dev.junction.store.SqliteStore;
import dev.junction.store.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission counts the unfinished operations in a real store: it refuses at the bound with a
 * retry-after, counts what it admitted since its last count, and takes again once operations
 * finish.
 */
class AdmissionTest {
  @TempDir Path dir;
  private JdbcStore store;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Operation insertUnfinished(String id) {
    Operation operation = TicketOperations.unfinished(id, Instant.parse("2026-11-22T10:00:00Z"));
    TicketOperations.insert(store, operation);
    return operation;
  }

  private void finish(Operation operation) {
    store.write(
        tx -> {
          tx.updateOperation(
              operation.succeeded(ResourceState.NOTHING, Instant.parse("2026-11-22T10:00:01Z")));
          return null;
        });
  }

  private static Duration refusedRetryAfter(Admission admission) {
    try {
      admission.admit();
    } catch (ProblemException refused) {
      assertThat(refused.problem()).isInstanceOf(Problem.ResourceExhausted.class);
      return ((Problem.ResourceExhausted) refused.problem()).retryAfter().orElseThrow();
    }
    throw new AssertionError("admitted over the bound");
  }

  @Test
  void refusesAtTheBoundAndTakesAgainOnceOperationsFinish() {
    Operation first = insertUnfinished("op-1");
    insertUnfinished("op-2");
    insertUnfinished("op-3");
    Admission admission = new Admission(store, 0, 3, Duration.ofMillis(100), nanos::get);

    Duration wait = refusedRetryAfter(admission);
    assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

    finish(first);
    nanos.addAndGet(Duration.ofMillis(100).toNanos());
    admission.admit();
  }

  @Test
  void countsWhatItAdmittedSinceItsLastCount() {
    insertUnfinished("op-1");
    Admission admission = new Admission(store, 0, 3, Duration.ofSeconds(10), nanos::get);
    admission.admit();
    admission.admit();
    // The store still counts one: the two admitted have not been written, but are on their way.
    assertThatThrownBy(admission::admit)
        .isInstanceOf(ProblemException.class)
        .extracting(e -> ((ProblemException) e).problem())
        .isInstanceOf(Problem.ResourceExhausted.class);
  }

  @Test
  void keepsWhatItAdmittedWhileACountWasRunning() throws Exception {
    CountDownLatch counting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The real store, whose reads (the count) wait for the test's signal.
    Store held =
        new Store() {
          @Override
          public <T> T read(Function<ReadTx, T> work) {
            counting.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return store.read(work);
          }

          @Override
          public <T> T write(Function<WriteTx, T> work) {
            return store.write(work);
          }

          @Override
          public void onRouterChanged(Consumer<String> listener) {
            store.onRouterChanged(listener);
          }

          @Override
          public void onOperationsDue(Runnable listener) {
            store.onOperationsDue(listener);
          }

          @Override
          public void close() {}
        };
    Admission admission = new Admission(held, 0, 2, Duration.ofSeconds(10), nanos::get);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      Future<?> first = threads.submit(admission::admit);
      counting.await();
      admission.admit(); // while the first request's count runs: not in it
      release.countDown();
      first.get();
      // The store counts none of the two, which are on their way: a third is over the bound.
      assertThat(refusedRetryAfter(admission)).isPositive();
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void refusesMoreWritesAtOnceThanItsBoundUntilOneIsOver() {
    Admission admission = new Admission(store, 2, 0, Duration.ofSeconds(10), nanos::get);
    Admission.Ticket first = admission.admit();
    Admission.Ticket second = admission.admit();

    assertThat(refusedRetryAfter(admission)).isEqualTo(Duration.ofSeconds(1));

    first.close();
    admission.admit().close();
    second.close();
  }

  @Test
  void aRefusalOnTheOperationsBoundLeavesNoWriteCounted() {
    insertUnfinished("op-1");
    Admission admission = new Admission(store, 1, 1, Duration.ofSeconds(10), nanos::get);
    refusedRetryAfter(admission);
    finish(store.read(tx -> tx.operation("op-1")).orElseThrow());
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    // Had the refused request kept its place among the writes, this one would be refused.
    admission.admit().close();
  }

  @Test
  void anUnboundedAdmissionTakesEverything() {
    for (int i = 0; i < 5; i++) {
      insertUnfinished("op-" + i);
    }
    Admission admission = Admission.unbounded(store);
    for (int i = 0; i < 10; i++) {
      admission.admit();
    }
    assertThat(admission.maxUnfinished()).isZero();
  }
}
