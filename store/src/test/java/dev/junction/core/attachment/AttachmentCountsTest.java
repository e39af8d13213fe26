package dev.junction.core.attachment;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.config.Quotas;
import dev.junction.core.operation.Operation;
import dev.junction.core.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database counts each trunk's attachments by kind as they come and go (triggers, V10), for the
 * quota a create checks in its transaction: counting the trunk's rows there instead read every one
 * of them, and creates slowed as trunks filled. Each test checks the counts against the rows
 * themselves, on a real store of each engine.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class AttachmentCountsTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aDeletedConnectionGivesItsPlaceUnderTheQuotaBack() {
    harness = new CoreHarness(engine, dir, new Quotas(2, 2, 5, 100), false);
    String first = create("pc-1", 100);
    create("pc-2", 101);
    problemOf(Problem.ResourceExhausted.class, () -> start("pc-3", 102));

    delete(first);

    assertThat(count()).isEqualTo(1L).isEqualTo(recount());
    assertThat(harness.complete(start("pc-3", 102)).error()).isEmpty();
    assertThat(count()).isEqualTo(2L).isEqualTo(recount());
  }

  @Test
  void keepsTheCountOfAnyMixOfCreatesAndDeletesEqualToTheRows() {
    harness = new CoreHarness(engine, dir, new Quotas(2, 100, 5, 100), false);
    Random random = new Random(7);
    List<String> live = new ArrayList<>();
    for (int step = 0; step < 40; step++) {
      if (live.isEmpty() || random.nextInt(3) > 0) {
        live.add(create("pc-" + step, 100 + step));
      } else {
        delete(live.remove(random.nextInt(live.size())));
      }
      assertThat(count())
          .as("after step %d", step)
          .isEqualTo((long) live.size())
          .isEqualTo(recount());
    }
    int onTrunk = harness.store.read(tx -> tx.countAttachments(CoreHarness.DEMO_TRUNK));
    assertThat(onTrunk).as("every kind on the trunk").isEqualTo(live.size());
  }

  @Test
  void countsCreatesMadeAtOnceOnOneTrunk() throws Exception {
    harness = new CoreHarness(engine, dir, new Quotas(2, 100, 5, 100), false);
    int creates = 24;
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Operation>> started = new ArrayList<>();
      for (int i = 0; i < creates; i++) {
        int n = i;
        started.add(
            threads.submit(
                () -> {
                  go.await();
                  return start("pc-" + n, 100 + n);
                }));
      }
      go.countDown();
      for (Future<Operation> operation : started) {
        assertThat(operation.get(60, TimeUnit.SECONDS).error()).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(count())
        .as("every create counted (they take their router's sequence row before its count)")
        .isEqualTo((long) creates)
        .isEqualTo(recount());
  }

  private Operation start(String name, long vlan) {
    return harness
        .useCases
        .attachments()
        .create(caller(), AttachmentKind.PRIVATE, draft(name, vlan));
  }

  private String create(String name, long vlan) {
    Operation created = harness.complete(start(name, vlan));
    assertThat(created.error()).isEmpty();
    return created.resourceId();
  }

  private void delete(String id) {
    harness.complete(harness.useCases.attachments().delete(caller(), AttachmentKind.PRIVATE, id));
  }

  private long count() {
    return harness.store.<Integer>read(
        tx -> tx.countAttachments(CoreHarness.DEMO_TRUNK, AttachmentKind.PRIVATE));
  }

  /** Counts the private connections on the demo trunk from the rows themselves. */
  private long recount() {
    return harness.store.read(
        tx ->
            tx.attachmentsOnRouter(CoreHarness.ROUTER, Optional.empty(), 1_000).stream()
                .filter(a -> a.trunkId().equals(CoreHarness.DEMO_TRUNK))
                .filter(a -> a.kind() == AttachmentKind.PRIVATE)
                .count());
  }
}
