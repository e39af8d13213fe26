package dev.junction.core.operation;

import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.access.Access;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change admitted while the store's writer is held by a transaction that does not end (a stalled
 * disk, a starved machine) is refused with RESOURCE_EXHAUSTED once it has waited {@link
 * Admission#QUEUE_WAIT} for its turn, with nothing written, instead of waiting until the request's
 * timeout cuts it with its fate unknown. On SQLite, whose single writer a test can hold.
 */
class BusyWriterTest {
  @TempDir Path dir;
  private CoreHarness harness;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() {
    harness = new CoreHarness(Engine.SQLITE, dir);
  }

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
    harness.close();
  }

  @Test
  @Timeout(60)
  void aChangeTheWriterDoesNotStartInTimeIsRefusedWithNothingWritten() throws Exception {
    Caller caller =
        new Caller(
            "user-1",
            "",
            Access.OPERATOR,
            Optional.empty(),
            "req-1",
            "127.0.0.1",
            dev.junction.core.access.AuditTrail.NONE);
    CountDownLatch holding = new CountDownLatch(1);
    Future<Object> holder =
        threads.submit(
            () ->
                harness.store.write(
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

    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                harness
                    .useCases
                    .attachments()
                    .create(caller, AttachmentKind.PRIVATE, draft("pc-1", 100)))
        .isInstanceOf(ProblemException.class)
        .satisfies(
            refused -> {
              Problem problem = ((ProblemException) refused).problem();
              assertThat(problem).isInstanceOf(Problem.ResourceExhausted.class);
              assertThat(((Problem.ResourceExhausted) problem).retryAfter()).isPresent();
              assertThat(problem.message()).contains("nothing was changed");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("refused once it waited its turn, not before")
        .isGreaterThanOrEqualTo(Admission.QUEUE_WAIT);

    release.countDown();
    holder.get();
    assertThat(harness.store.<Integer>read(ReadTx::countUnfinishedOperations))
        .as("operations written by the refused change")
        .isZero();
    Operation accepted =
        harness.useCases.attachments().create(caller, AttachmentKind.PRIVATE, draft("pc-1", 100));
    assertThat(accepted.done()).isFalse();
  }
}
