package dev.junction.core.network;

import static dev.junction.core.CoreHarness.AGENT_INFO;
import static dev.junction.core.CoreHarness.AGENT_SILENCE;
import static dev.junction.core.CoreHarness.DEMO_TRUNK;
import static dev.junction.core.CoreHarness.POP;
import static dev.junction.core.CoreHarness.ROUTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Router;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Who owns each router and what its reports record, over a real store. */
@ParameterizedClass
@EnumSource(Engine.class)
class ObservedStateTest {
  @Parameter Engine engine;

  private static final Instant SINCE = Instant.parse("2026-11-22T09:00:00Z");

  @TempDir Path dir;
  private CoreHarness harness;
  private ObservedState observed;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    observed = harness.useCases.network().observed();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private AgentReport report(long epoch, long seq, SubjectReport... subjects) {
    return new AgentReport(
        ROUTER, epoch, seq, 0, "header", AGENT_INFO, List.of(subjects), List.of());
  }

  private static SubjectReport linkUp(String subjectId, boolean up) {
    return SubjectReport.observed(
        subjectId,
        Optional.of(new LinkObservation(up, up ? "LinkUp" : "NoCarrier", "")),
        Optional.empty());
  }

  private Optional<Observation> observation(String subjectId) {
    return harness.store.read(tx -> tx.observation(subjectId));
  }

  @Test
  void givesEachNewOwnerAnEpochAndRefusesTheReportsOfAReplacedOne() {
    long first = observed.claim(ROUTER, "agent-1", AGENT_SILENCE, false).orElseThrow();
    assertThat(observed.claim(ROUTER, "agent-2", AGENT_SILENCE, false)).isEmpty();
    long second = observed.claim(ROUTER, "agent-2", AGENT_SILENCE, true).orElseThrow();
    assertThat(second).isGreaterThan(first);

    assertThatThrownBy(
            () ->
                observed.record(
                    report(first, 1, SubjectReport.applied(DEMO_TRUNK, 1, "stale")), AGENT_SILENCE))
        .isInstanceOf(LeaseLost.class);
    assertThat(observation(DEMO_TRUNK)).as("nothing of the stale report").isEmpty();
    assertThat(observed.renew(ROUTER, "agent-1", first, AGENT_SILENCE)).isFalse();

    observed.record(
        report(second, 1, SubjectReport.applied(DEMO_TRUNK, 1, "fresh")), AGENT_SILENCE);
    assertThat(observation(DEMO_TRUNK).orElseThrow().appliedHash()).isEqualTo("fresh");
    assertThat(harness.store.<List<NetworkEvent>>read(tx -> tx.networkEvents(ROUTER, 10)))
        .extracting(NetworkEvent::kind)
        .containsExactly(EventKind.OWNER_CHANGED, EventKind.OWNER_CHANGED);

    observed.release(ROUTER, "agent-2", second);
    assertThat(observed.claim(ROUTER, "agent-1", AGENT_SILENCE, false)).isPresent();
  }

  @Test
  void passesOverASubjectOfAnotherRouter() {
    harness.store.write(
        tx -> {
          tx.upsertRouter(new Router("router-b", POP, "ccr-b", "10.0.0.2"));
          tx.insertTrunk(
              new Trunk(
                  "trunk-b",
                  CoreHarness.FOLDER,
                  "",
                  "",
                  Labels.EMPTY,
                  POP,
                  new Joint.ViaPartner("partner-a", "key"),
                  Bandwidth.gbps(1),
                  false,
                  ResourceStatus.ACTIVE,
                  SINCE,
                  1),
              "router-b");
          return null;
        });
    long epoch = harness.epoch(ROUTER);
    observed.record(
        report(
            epoch,
            1,
            SubjectReport.applied("trunk-b", 1, "not mine"),
            SubjectReport.applied(DEMO_TRUNK, 1, "mine")),
        AGENT_SILENCE);
    assertThat(observation("trunk-b")).isEmpty();
    assertThat(observation(DEMO_TRUNK)).isPresent();
  }

  @Test
  void neverLetsALateReportReplaceANewerOne() {
    long epoch = harness.epoch(ROUTER);
    observed.record(report(epoch, 5, linkUp(DEMO_TRUNK, false)), AGENT_SILENCE);
    harness.clock.tick(Duration.ofSeconds(1));
    observed.record(report(epoch, 4, linkUp(DEMO_TRUNK, true)), AGENT_SILENCE);
    assertThat(observation(DEMO_TRUNK).orElseThrow().condition(ConditionType.LINK_UP))
        .map(Condition::status)
        .contains(ConditionStatus.FALSE);
    observed.record(report(epoch, 6, linkUp(DEMO_TRUNK, true)), AGENT_SILENCE);
    assertThat(observation(DEMO_TRUNK).orElseThrow().holds(ConditionType.LINK_UP)).isTrue();
  }

  @Test
  void recordsWhatTheOwnerLastReportedOfItsRouter() {
    long epoch = harness.epoch(ROUTER);
    long seq = harness.useCases.network().desired().seq(ROUTER);
    observed.record(
        new AgentReport(ROUTER, epoch, 1, seq, "header-9", AGENT_INFO, List.of(), List.of()),
        AGENT_SILENCE);
    RouterStatus status = harness.store.read(tx -> tx.routerStatus(ROUTER)).orElseThrow();
    assertThat(status.appliedSeq()).isEqualTo(seq);
    assertThat(status.headerHash()).isEqualTo("header-9");
    assertThat(status.owner()).contains(CoreHarness.AGENT);
    assertThat(status.lastHeardAt()).contains(harness.clock.instant());
    assertThat(status.leaseUntil()).contains(harness.clock.instant().plus(AGENT_SILENCE));
  }

  @Test
  void aReportThatARevisionRunsMakesTheOperationWaitingForItDueAtOnce() {
    dev.junction.core.operation.Operation create =
        harness
            .useCases
            .attachments()
            .create(
                CoreHarness.caller(),
                dev.junction.core.attachment.AttachmentKind.PRIVATE,
                CoreHarness.draft("pc-1", 100));
    assertThat(harness.worker.runOnce()).as("the first step, which waits for the network").isOne();
    assertThat(harness.worker.runOnce()).as("not due again yet").isZero();

    harness.networkApplies(create.resourceId(), 1);

    assertThat(harness.worker.runOnce()).as("due at once, without the clock moving").isOne();
    assertThat(harness.useCases.operations().get(CoreHarness.caller(), create.id()).done())
        .isTrue();
  }
}
