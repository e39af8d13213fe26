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
import dev.junction.core.store.WriteTx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Carries out private connections as the real execution does, except that its next {@code
   * failures} steps throw, with a message that must never reach a client.
   */
  private static final class FailingSteps implements Execution {
    final Execution real;
    final AtomicInteger failures;
    final AtomicInteger steps = new AtomicInteger();

    FailingSteps(List<Execution> executions, int failures) {
      this.real =
          executions.stream()
              .filter(e -> e.resourceType() == ResourceType.PRIVATE_CONNECTION)
              .findFirst()
              .orElseThrow();
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public ResourceType resourceType() {
      return ResourceType.PRIVATE_CONNECTION;
    }

    /** As the real execution: the failures are those of a claim and step in one transaction. */
    @Override
    public boolean stepsInStore() {
      return real.stepsInStore();
    }

    @Override
    public Step step(WriteTx tx, Operation operation, Instant now) {
      steps.incrementAndGet();
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("internal detail: key s3cr3t-md5 rejected");
      }
      return real.step(tx, operation, now);
    }

    @Override
    public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
      return real.rollBack(tx, operation, problem, now);
    }
  }

  private OperationWorker failingWorker(String id, FailingSteps failing, Retries retries) {
    List<Execution> executions = new ArrayList<>(harness.useCases.executions());
    executions.add(failing);
    return new OperationWorker(
        harness.store,
        harness.clock,
        executions,
        id,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        retries,
        Signals.none());
  }

  private int attempts(Operation operation) {
    return harness.store.read(tx -> tx.operationAttempts(operation.id()));
  }

  @Test
  void retriesAFailingStepWithDoublingBackoffThenFailsItAndRollsTheResourceBack() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    FailingSteps failing = new FailingSteps(harness.useCases.executions(), Integer.MAX_VALUE);
    Retries retries = new Retries(Duration.ofSeconds(1), Duration.ofSeconds(3), 4);
    OperationWorker first = failingWorker("worker-1", failing, retries);

    assertThat(first.runOnce()).isEqualTo(1);
    assertThat(attempts(operation)).isEqualTo(1);
    harness.clock.tick(Duration.ofMillis(999));
    assertThat(first.runOnce()).as("before the first backoff of 1s").isZero();
    harness.clock.tick(Duration.ofMillis(1));
    assertThat(first.runOnce()).isEqualTo(1);
    assertThat(attempts(operation)).isEqualTo(2);

    // The count is kept with the operation: a worker started afterwards carries it on.
    OperationWorker restarted = failingWorker("worker-2", failing, retries);
    harness.clock.tick(Duration.ofMillis(1999));
    assertThat(restarted.runOnce()).as("before the second backoff of 2s").isZero();
    harness.clock.tick(Duration.ofMillis(1));
    assertThat(restarted.runOnce()).isEqualTo(1);
    assertThat(attempts(operation)).isEqualTo(3);
    harness.clock.tick(Duration.ofMillis(2999));
    assertThat(restarted.runOnce()).as("before the third backoff, capped at 3s").isZero();
    harness.clock.tick(Duration.ofMillis(1));
    assertThat(restarted.runOnce()).as("the last attempt").isEqualTo(1);

    Operation failed = harness.useCases.operations().get(caller(), operation.id());
    assertThat(failed.done()).isTrue();
    assertThat(failed.error())
        .get()
        .isInstanceOfSatisfying(
            Problem.Aborted.class,
            aborted ->
                assertThat(aborted.message())
                    .contains("4 times")
                    .contains("rolled back")
                    .doesNotContain("s3cr3t", "IllegalStateException", "internal detail"));
    problemOf(
        Problem.NotFound.class,
        () -> attachments.get(caller(), AttachmentKind.PRIVATE, operation.resourceId()));
    assertThat(failing.steps).hasValue(4);
    harness.clock.tick(Duration.ofMinutes(1));
    assertThat(restarted.runOnce()).as("a failed operation is not run again").isZero();
  }

  @Test
  void startsCountingFailuresAgainAfterAStepThatDidNotFail() {
    Operation operation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    FailingSteps failing = new FailingSteps(harness.useCases.executions(), 1);
    OperationWorker worker =
        failingWorker(
            "worker-1", failing, new Retries(Duration.ofSeconds(1), Duration.ofSeconds(1), 2));

    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(attempts(operation)).isEqualTo(1);
    harness.clock.tick(Duration.ofSeconds(1));
    assertThat(worker.runOnce()).as("the step waits for the network").isEqualTo(1);
    assertThat(attempts(operation)).isZero();

    failing.failures.set(1);
    harness.clock.tick(Duration.ofSeconds(1));
    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(harness.useCases.operations().get(caller(), operation.id()).done())
        .as("one failure after a success does not give the operation up")
        .isFalse();
    harness.networkApplies(operation.resourceId(), operation.targetRevision());
    harness.clock.tick(Duration.ofSeconds(1));
    worker.runOnce();
    Operation done = harness.useCases.operations().get(caller(), operation.id());
    assertThat(done.done()).isTrue();
    assertThat(done.error()).isEmpty();
  }
}
