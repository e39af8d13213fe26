package dev.junction.core.operation;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Attachments;
import dev.junction.core.config.Quotas;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.resource.ResourceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class OperationWorkerTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private Attachments attachments;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir, new Quotas(2, 100, 5, 100), false);
    attachments = harness.useCases.attachments();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void cancelsBetweenStepsAndRollsTheResourceBack() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    Operation cancelling =
        harness.useCases.operations().cancel(CoreHarness.caller(), operation.id());
    assertThat(cancelling.done()).isFalse();
    assertThat(cancelling.cancelRequested()).isTrue();

    Operation cancelled = harness.step(operation);
    assertThat(cancelled.done()).isTrue();
    assertThat(cancelled.error()).get().isInstanceOf(Problem.Cancelled.class);
    problemOf(
        Problem.NotFound.class,
        () ->
            attachments.get(CoreHarness.caller(), AttachmentKind.PRIVATE, operation.resourceId()));
  }

  @Test
  void leavesAFinishedOperationAsItIsWhenAskedToCancel() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    Operation done = harness.complete(operation);
    assertThat(harness.useCases.operations().cancel(CoreHarness.caller(), operation.id()))
        .isEqualTo(done);
  }

  @Test
  void failsAndRollsBackAnOperationPastItsDeadline() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    harness.clock.tick(CoreHarness.TIMEOUT);
    Operation late = harness.step(operation);
    assertThat(late.error()).get().isInstanceOf(Problem.DeadlineExceeded.class);
    problemOf(
        Problem.NotFound.class,
        () ->
            attachments.get(CoreHarness.caller(), AttachmentKind.PRIVATE, operation.resourceId()));
  }

  @Test
  void returnsTheFirstOperationForARepeatedIdempotencyKey() {
    Caller keyed = Caller.operator("user-1").withIdempotencyKey(Optional.of("key-1"));
    Operation first = attachments.create(keyed, AttachmentKind.PRIVATE, draft("pc-1", 100));
    Operation again = attachments.create(keyed, AttachmentKind.PRIVATE, draft("pc-1", 100));
    assertThat(again.id()).isEqualTo(first.id());
    Operation otherCaller =
        attachments.create(
            Caller.operator("user-2").withIdempotencyKey(Optional.of("key-1")),
            AttachmentKind.PRIVATE,
            draft("pc-2", 101));
    assertThat(otherCaller.id()).isNotEqualTo(first.id());
  }

  @Test
  void takesOverOperationsOfADeadWorkerWhenTheirLeaseExpires() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    OperationWorker dead =
        new OperationWorker(
            harness.store,
            harness.clock,
            harness.useCases.executions(),
            "dead-worker",
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Signals.none());
    harness.store.write(
        tx ->
            tx.claimOperations(
                "dead-worker",
                harness.clock.instant(),
                harness.clock.instant().plusSeconds(30),
                10));
    harness.networkApplies(operation.resourceId(), operation.targetRevision());
    assertThat(harness.step(operation).done()).as("the lease is still held").isFalse();
    harness.clock.tick(Duration.ofSeconds(30));
    assertThat(harness.step(operation).done()).isTrue();
    assertThat(
            attachments
                .get(CoreHarness.caller(), AttachmentKind.PRIVATE, operation.resourceId())
                .status())
        .isEqualTo(ResourceStatus.ACTIVE);
    dead.close();
  }

  @Test
  void letsOneOf64ConcurrentCreatesOfAVlanWin() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Optional<Problem>>> attempts = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String name = "race-" + i;
      Callable<Optional<Problem>> attempt =
          () -> {
            try {
              attachments.create(caller(), AttachmentKind.PRIVATE, draft(name, 777));
              return Optional.empty();
            } catch (ProblemException e) {
              return Optional.of(e.problem());
            }
          };
      attempts.add(pool.submit(attempt));
    }
    int winners = 0;
    for (Future<Optional<Problem>> attempt : attempts) {
      Optional<Problem> outcome = attempt.get();
      if (outcome.isEmpty()) {
        winners++;
      } else {
        assertThat(outcome.get()).isInstanceOf(Problem.AlreadyExists.class);
      }
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
  }
}
