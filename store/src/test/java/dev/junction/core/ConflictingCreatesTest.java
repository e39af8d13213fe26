package dev.junction.core;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Cnis;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sixty-four callers at once make creates that only one of them can win, one race per rule: the
 * same VLAN on a trunk, the same name in a folder, the same Cloudflare slot, the last /31 of the
 * CNI pool and the last trunk a quota allows. On each engine exactly one wins, every other caller
 * gets the rule's own problem (never a store or SQL failure), and the store holds one of the
 * contested thing. Each race prints its figures.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class ConflictingCreatesTest {
  private static final int CALLERS = 64;
  private static final String SLOT = "22222222-2222-4222-8222-222222222222";

  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** What the callers of one race got. */
  private record Outcome(
      int winners, Map<String, Integer> refusals, List<Throwable> unexpected, Duration elapsed) {}

  /**
   * Runs {@code create} with callers 0 to 63 at once, each on its own thread released by one latch
   * once all are ready, and prints the figures of the race.
   */
  private Outcome race(String rule, IntConsumer create) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
    CountDownLatch ready = new CountDownLatch(CALLERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      int caller = i;
      calls.add(
          threads.submit(
              () -> {
                ready.countDown();
                go.await();
                create.accept(caller);
                return null;
              }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    int winners = 0;
    Map<String, Integer> refusals = new TreeMap<>();
    List<Throwable> unexpected = new ArrayList<>();
    for (Future<?> call : calls) {
      try {
        call.get();
        winners++;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ProblemException problem) {
          refusals.merge(problem.problem().getClass().getSimpleName(), 1, Integer::sum);
        } else {
          unexpected.add(e.getCause());
        }
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    threads.shutdown();
    System.out.printf(
        "race %-18s on %-10s: %d callers, %d winner(s), refusals %s, %d unexpected, %d ms%n",
        rule, engine, CALLERS, winners, refusals, unexpected.size(), elapsed.toMillis());
    return new Outcome(winners, refusals, unexpected, elapsed);
  }

  private static void assertOneWinner(Outcome outcome, Class<? extends Problem> refusal) {
    assertThat(outcome.unexpected()).as("failures other than a problem").isEmpty();
    assertThat(outcome.winners()).as("winners").isEqualTo(1);
    assertThat(outcome.refusals())
        .as("refusals by kind")
        .isEqualTo(Map.of(refusal.getSimpleName(), CALLERS - 1));
  }

  private int count(AttachmentKind kind, String scope, NameFilter names) {
    return harness
        .useCases
        .attachments()
        .list(caller(), AttachmentQuery.inScope(kind, scope, names), PageRequest.first())
        .items()
        .size();
  }

  @Test
  void oneCallerGetsAVlanOnATrunk() throws Exception {
    harness = new CoreHarness(engine, dir);
    Outcome outcome =
        race(
            "same VLAN",
            i ->
                harness
                    .useCases
                    .attachments()
                    .create(caller(), AttachmentKind.PRIVATE, draft("pc-" + i, 300)));
    assertOneWinner(outcome, Problem.AlreadyExists.class);
    assertThat(count(AttachmentKind.PRIVATE, CoreHarness.FOLDER, NameFilter.ALL)).isEqualTo(1);
  }

  @Test
  void oneCallerGetsANameInAFolder() throws Exception {
    harness = new CoreHarness(engine, dir);
    Outcome outcome =
        race(
            "same name",
            i ->
                harness
                    .useCases
                    .attachments()
                    .create(caller(), AttachmentKind.PRIVATE, draft("pc-contested", 400 + i)));
    assertOneWinner(outcome, Problem.AlreadyExists.class);
    assertThat(count(AttachmentKind.PRIVATE, CoreHarness.FOLDER, NameFilter.ALL)).isEqualTo(1);
  }

  @Test
  void oneAccountGetsASlot() throws Exception {
    harness = new CoreHarness(engine, dir);
    Outcome outcome =
        race(
            "same slot",
            i ->
                harness
                    .useCases
                    .trunks()
                    .createOnPort(caller(), "account-" + i, SLOT, Optional.empty()));
    assertOneWinner(outcome, Problem.AlreadyExists.class);
    int trunks =
        harness.store.read(
            tx -> IntStream.range(0, CALLERS).map(i -> tx.countTrunks("account-" + i)).sum());
    assertThat(trunks).isEqualTo(1);
    Optional<String> holder = harness.store.read(tx -> tx.trunkHoldingPort(SLOT));
    assertThat(holder).isPresent();
  }

  @Test
  void oneCniGetsTheLastSubnetOfThePool() throws Exception {
    harness = new CoreHarness(engine, dir);
    harness.useCases.catalogue().setCniPool(caller(), "100.64.1.0/30");
    for (int i = 0; i <= CALLERS; i++) {
      harness
          .useCases
          .trunks()
          .provision(
              new Trunk(
                  "trunk-" + i,
                  "account-" + i,
                  "",
                  "",
                  Labels.EMPTY,
                  CoreHarness.POP,
                  new Joint.ViaPartner("partner-a", "key-" + i),
                  Bandwidth.gbps(1),
                  false,
                  ResourceStatus.ACTIVE,
                  Instant.EPOCH,
                  1));
    }
    harness.useCases.cnis().create(caller(), cni(CALLERS));
    Outcome outcome =
        race("last /31 of pool", i -> harness.useCases.cnis().create(caller(), cni(i)));
    assertOneWinner(outcome, Problem.ResourceExhausted.class);
    Set<Ipv4Prefix> used = harness.store.read(tx -> tx.usedCniSubnets());
    assertThat(used)
        .containsExactlyInAnyOrder(Ipv4Prefix.of("100.64.1.0/31"), Ipv4Prefix.of("100.64.1.2/31"));
  }

  private static Cnis.Draft cni(int i) {
    return new Cnis.Draft(
        "account-" + i,
        "trunk-" + i,
        "cni-" + i,
        "",
        1500,
        Optional.empty(),
        Optional.empty(),
        new Asn(200350));
  }

  @Test
  void oneCallerGetsTheLastTrunkOfTheQuota() throws Exception {
    harness = new CoreHarness(engine, dir, new Quotas(2, 5, 5, 100), false);
    String folder = "folder-q";
    harness
        .useCases
        .trunks()
        .createViaPartner(caller(), folder, "partner-a", Bandwidth.gbps(1), "k");
    Outcome outcome =
        race(
            "last trunk of quota",
            i ->
                harness
                    .useCases
                    .trunks()
                    .createViaPartner(
                        caller(), folder, "partner-a", Bandwidth.gbps(1), "key-" + i));
    assertOneWinner(outcome, Problem.ResourceExhausted.class);
    int trunks = harness.store.read(tx -> tx.countTrunks(folder));
    assertThat(trunks).isEqualTo(2);
  }
}
