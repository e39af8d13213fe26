package dev.junction.network.agent;

import static dev.junction.network.agent.AgentFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.network.simulated.SimulatedRouter;
import dev.junction.network.simulated.SimulatedTimings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterAgentTest {
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir Path dir;
  private AgentFixture fixture;
  private final SimulatedNetwork network =
      new SimulatedNetwork(
          InstantSource.system(),
          new SimulatedTimings(
              Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(30)));

  @BeforeEach
  void start() {
    fixture = new AgentFixture(dir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    fixture.close();
  }

  private Optional<Observation> observed(String id) {
    return fixture.useCases.network().view().observation(id);
  }

  private Attachment attachment(String id) {
    return fixture.store.read(tx -> tx.attachment(id)).orElseThrow();
  }

  @Test
  void carriesACreateToTheRouterAndReportsWhatItRuns() throws Exception {
    fixture.startAgent("replica-a", network.router(AgentFixture.ROUTER));
    Operation create = fixture.createConnection("pc-1", 100, "md5-key", List.of("10.1.0.0/16"));
    Operation done = fixture.done(create.id(), WITHIN);
    assertThat(done.error()).isEmpty();
    String id = create.resourceId();
    assertThat(attachment(id).status()).isEqualTo(ResourceStatus.ACTIVE);
    await(
        "BGP established",
        WITHIN,
        () -> observed(id).map(o -> o.holds(ConditionType.BGP_ESTABLISHED)).orElse(false));
    Observation observation = observed(id).orElseThrow();
    assertThat(observation.appliedRevision()).isEqualTo(attachment(id).revision());
    assertThat(observation.prefixesReceived()).isEqualTo(1);
    assertThat(observation.bgp().orElseThrow().routesExported()).isEqualTo(1);
    assertThat(observed(AgentFixture.TRUNK).orElseThrow().holds(ConditionType.LINK_UP)).isTrue();
  }

  @Test
  void aRestartedAgentOfARouterThatRunsItsDesiredStateChangesNothing() throws Exception {
    SimulatedRouter router = network.router(AgentFixture.ROUTER);
    RouterAgent first = fixture.startAgent("replica-a", router);
    fixture.done(fixture.createConnection("pc-1", 100, "k", List.of()).id(), WITHIN);
    fixture.done(fixture.createConnection("pc-2", 101, "", List.of()).id(), WITHIN);
    fixture.stop(first);

    long before = status().epoch();
    RecordingDriver recorded = new RecordingDriver(router);
    fixture.startAgent("replica-a", recorded);
    await("the second agent took the router over", WITHIN, () -> status().epoch() > before);
    await(
        "the second agent reported after its full sync",
        WITHIN,
        () -> status().appliedSeq() == status().desiredSeq());
    // Nothing to observe happens when nothing is to be done: give the agent a resync round of
    // the fast settings to do something wrong.
    Thread.sleep(AgentFixture.FAST.resyncInterval().multipliedBy(2).toMillis());
    assertThat(recorded.applied).as("changes given to a converged router").isEmpty();
  }

  private dev.junction.core.network.RouterStatus status() {
    return fixture.store.read(tx -> tx.routerStatus(AgentFixture.ROUTER)).orElseThrow();
  }

  @Test
  void anAgentWhoseRouterAnotherOwnerTookOverStops() throws Exception {
    RouterAgent first = fixture.startAgent("replica-a", network.router(AgentFixture.ROUTER));
    fixture.done(fixture.createConnection("pc-1", 100, "", List.of()).id(), WITHIN);
    fixture
        .useCases
        .network()
        .observed()
        .claim(AgentFixture.ROUTER, "agent:elsewhere", Duration.ofSeconds(30), true);
    await("the replaced agent stopped", WITHIN, () -> fixture.stopped(first));
  }

  @Test
  void aRefusedCreateFailsItsOperationWithTheReasonAndRollsBack() throws Exception {
    fixture.startAgent("replica-a", network.router(AgentFixture.ROUTER));
    fixture
        .useCases
        .network()
        .faults()
        .inject(
            AgentFixture.OPERATOR,
            FaultKind.REFUSAL,
            AgentFixture.ROUTER,
            "maintenance window",
            Optional.empty());
    Operation create = fixture.createConnection("pc-1", 100, "", List.of());
    Operation done = fixture.done(create.id(), WITHIN);
    assertThat(done.error()).isPresent();
    assertThat(done.error().get().message()).contains("maintenance window");
    Optional<Attachment> rolledBack = fixture.store.read(tx -> tx.attachment(create.resourceId()));
    assertThat(rolledBack).isEmpty();
    assertThat(events()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.REFUSED));
  }

  @Test
  void repairsDriftWithinTheResyncIntervalAndRecordsIt() throws Exception {
    SimulatedRouter router = network.router(AgentFixture.ROUTER);
    fixture.startAgent("replica-a", router);
    Operation create = fixture.createConnection("pc-1", 100, "", List.of());
    fixture.done(create.id(), WITHIN);
    String id = create.resourceId();
    await(
        "established",
        WITHIN,
        () -> observed(id).map(o -> o.holds(ConditionType.BGP_ESTABLISHED)).orElse(false));
    router.tamper(id, SimulatedRouter.Drift.PROTOCOL_DISABLED);
    await(
        "the repair recorded",
        WITHIN,
        () ->
            events().stream()
                .anyMatch(e -> e.kind() == EventKind.DRIFT_REPAIRED && e.subjectId().equals(id)));
    await(
        "established again",
        WITHIN,
        () -> observed(id).map(o -> o.holds(ConditionType.BGP_ESTABLISHED)).orElse(false));
  }

  @Test
  void removesWhatWasDeletedWhileNoAgentRan() throws Exception {
    SimulatedRouter router = network.router(AgentFixture.ROUTER);
    RouterAgent first = fixture.startAgent("replica-a", router);
    Operation create = fixture.createConnection("pc-1", 100, "", List.of());
    fixture.done(create.id(), WITHIN);
    String id = create.resourceId();
    fixture.stop(first);
    // Deleted behind the agent's back: the row goes, only the feed's removal entry says so.
    fixture.store.write(
        tx -> {
          tx.deleteAttachment(id);
          return null;
        });
    assertThat(router.runningSubjects()).contains(id);
    fixture.startAgent("replica-a", router);
    await("removed from the router", WITHIN, () -> !router.runningSubjects().contains(id));
  }

  @Test
  void aSteadyStreamOfCreatesAllBecomeActive() throws Exception {
    fixture.startAgent("replica-a", network.router(AgentFixture.ROUTER));
    List<Operation> created = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int vlan = VlanId.MIN;
    // 5 s of creates, or one per VLAN the trunk has, whichever ends first.
    while (System.nanoTime() < until && vlan <= VlanId.MAX) {
      created.add(fixture.createConnection("pc-" + vlan, vlan, "", List.of()));
      vlan++;
    }
    for (Operation operation : created) {
      assertThat(fixture.done(operation.id(), Duration.ofMinutes(1)).error())
          .as("operation %s", operation.id())
          .isEmpty();
    }
    List<Attachment> all =
        fixture.store.read(tx -> tx.attachmentsOnTrunks(List.of(AgentFixture.TRUNK)));
    assertThat(all)
        .filteredOn(a -> a.kind() == AttachmentKind.PRIVATE)
        .hasSize(created.size())
        .allSatisfy(a -> assertThat(a.status()).isEqualTo(ResourceStatus.ACTIVE));
    assertThat(created).hasSizeGreaterThan(20);
  }

  private List<NetworkEvent> events() {
    return fixture.store.read(tx -> tx.networkEvents(AgentFixture.ROUTER, 100));
  }
}
