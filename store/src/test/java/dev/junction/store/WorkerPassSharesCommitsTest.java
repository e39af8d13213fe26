package dev.junction.store;

import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.operation.DueOperation;
import dev.junction.core.operation.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operation worker takes the due operations of a pass together, so that their steps' writes
 * queue at the store at once and share a commit, rather than each waiting for the commit of the one
 * before: under a stream of creates, a worker that stepped one operation per commit finished about
 * 50 a second while the server acknowledged 300 to 480, until admission refused every new create.
 * On SQLite, whose single writer a test can hold while the pass queues behind it.
 */
class WorkerPassSharesCommitsTest {
  private static final int DUE = 5;

  @TempDir Path dir;
  private CoreHarness harness;
  private JdbcStore store;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() {
    harness = new CoreHarness(Engine.SQLITE, dir);
    store = (JdbcStore) harness.store;
  }

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
    harness.close();
  }

  @Test
  @Timeout(60)
  void aPassQueuesTheStepsOfAllItsDueOperationsAtOnceAndTheyShareOneCommit() throws Exception {
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < DUE; i++) {
      operations.add(
          harness
              .useCases
              .attachments()
              .create(CoreHarness.caller(), AttachmentKind.PRIVATE, draft("pc-" + i, 100 + i)));
    }
    CountDownLatch holding = new CountDownLatch(1);
    Future<Object> holder =
        threads.submit(
            () ->
                store.write(
                    tx -> {
                      holding.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }));
    holding.await();

    Future<Integer> pass = threads.submit(harness.worker::runOnce);
    Future<?> allQueued =
        threads.submit(
            () -> {
              store.awaitQueuedWrites(DUE);
              return null;
            });
    // A worker that takes one operation at a time queues one write and waits for its commit: the
    // writer being held, the others never queue.
    allQueued.get(30, TimeUnit.SECONDS);

    long commitsBefore = store.commits();
    release.countDown();
    holder.get();
    assertThat(pass.get(30, TimeUnit.SECONDS)).as("steps the pass took").isEqualTo(DUE);
    assertThat(store.commits() - commitsBefore)
        .as("commits: the held write's, then one for the steps of all %d operations", DUE)
        .isEqualTo(2);
    List<DueOperation> stillDue = store.read(tx -> tx.dueOperations(harness.clock.instant(), 100));
    assertThat(stillDue)
        .as("operations still due: each was stepped and now waits for the router")
        .isEmpty();
    assertThat(operations).allSatisfy(operation -> assertThat(operation.done()).isFalse());
  }
}
