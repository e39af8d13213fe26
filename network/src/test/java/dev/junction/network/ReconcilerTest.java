package dev.junction.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.UseCases;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.operation.Signals;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.network.simulated.SimulatedDriver;
import dev.junction.network.simulated.SimulatedTimings;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile loop over simulated routers and a real store, driven by hand with a settable clock:
 * what it applies, when it applies nothing, and what it reports back.
 */
class ReconcilerTest {
  private static final String ROUTER = "router-a";
  private static final String TRUNK = "trunk-1";
  private static final String PORT = "11111111-1111-4111-8111-111111111111";

  @TempDir Path dir;
  private Instant now = Instant.parse("2026-11-22T10:00:00Z");
  private final InstantSource clock = () -> now;
  private Store store;
  private UseCases useCases;
  private RecordingDriver driver;
  private Reconciler reconciler;
  private OperationWorker worker;

  /** A driver that records what the reconciler asks of the simulated routers. */
  private final class RecordingDriver implements RouterDriver {
    final SimulatedDriver simulated = new SimulatedDriver(clock, SimulatedTimings.DEFAULTS);
    final List<RouterConfig> applied = new ArrayList<>();

    @Override
    public RouterState observe(String routerId) {
      return simulated.observe(routerId);
    }

    @Override
    public ApplyResult apply(RouterConfig config) {
      applied.add(config);
      return simulated.apply(config);
    }
  }

  @BeforeEach
  void start() {
    store =
        SqliteStore.open(
            dir.resolve("junction.db"),
            SecretCipher.of("test", Map.of("test", SecretCipher.newKey())));
    useCases = UseCases.over(store, clock, Ids.random(), CoreConfig.DEFAULTS, Signals.none());
    useCases
        .catalogue()
        .load(
            List.of(new PointOfPresence("pop-a", "Pop A", "", List.of(), "aaa01", "", List.of())),
            List.of(),
            List.of(new Router(ROUTER, "pop-a", "ccr-a", "10.0.0.1")),
            List.of(
                new Port(
                    PORT,
                    "et-0/0/1",
                    "pop-a",
                    ROUTER,
                    "10G",
                    Bandwidth.gbps(10),
                    TransceiverType.BASE_10G_LR,
                    "ccr-a")));
    useCases
        .trunks()
        .provision(
            new Trunk(
                TRUNK,
                "folder",
                "t",
                "",
                Labels.EMPTY,
                "pop-a",
                new Joint.SinglePort(PORT, TransceiverType.BASE_10G_LR),
                Bandwidth.gbps(1),
                false,
                ResourceStatus.ACTIVE,
                now,
                1));
    driver = new RecordingDriver();
    reconciler =
        new Reconciler(
            useCases.network(),
            driver,
            clock,
            Duration.ofMillis(100),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30));
    worker =
        new OperationWorker(
            store,
            clock,
            useCases.executions(),
            "w",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Signals.none());
  }

  @AfterEach
  void stop() {
    store.close();
  }

  private void advance(Duration duration) {
    now = now.plus(duration);
  }

  private Operation createConnection(String name, long vlan) {
    return useCases
        .attachments()
        .create(
            Caller.operator("user"),
            AttachmentKind.PRIVATE,
            new AttachmentDraft(
                "folder",
                name,
                "",
                Map.of(),
                TRUNK,
                Optional.of(vlan),
                Optional.of(
                    new PeeringDraft(
                        "169.254.7.0/30", "169.254.7.1", "169.254.7.2", 65001, "md5-secret")),
                List.of("10.7.0.0/16"),
                List.of(),
                List.of()));
  }

  private Observation observed(String id) {
    return useCases.network().observation(id).orElseThrow();
  }

  @Test
  void bringsATrunkAndItsSessionUpAndFinishesTheOperation() {
    Operation creation = createConnection("pc", 100);
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Waiting.class);
    assertThat(driver.applied).hasSize(1);
    assertThat(driver.applied.get(0).sessions()).hasSize(1);

    advance(Duration.ofMillis(150));
    reconciler.reconcile(ROUTER);
    assertThat(observed(creation.resourceId()).appliedRevision()).isEqualTo(1);
    assertThat(observed(creation.resourceId()).holds(ConditionType.CONFIG_APPLIED)).isTrue();
    worker.runOnce();
    assertThat(useCases.operations().get(Caller.operator("test"), creation.id()).done()).isTrue();

    advance(Duration.ofSeconds(1));
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Converged.class);
    Observation session = observed(creation.resourceId());
    assertThat(session.holds(ConditionType.LINK_UP)).isTrue();
    assertThat(session.holds(ConditionType.BGP_ESTABLISHED)).isTrue();
    assertThat(session.prefixesReceived()).isEqualTo(1);
    assertThat(observed(TRUNK).holds(ConditionType.LINK_UP)).isTrue();
  }

  @Test
  void appliesNothingToAConvergedRouter() {
    createConnection("pc", 100);
    reconciler.reconcile(ROUTER);
    advance(Duration.ofSeconds(2));
    reconciler.reconcile(ROUTER);
    int applies = driver.applied.size();
    Observation before = observed(TRUNK);
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Converged.class);
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Converged.class);
    assertThat(driver.applied).as("no reload of a converged router").hasSize(applies);
    assertThat(observed(TRUNK)).as("nothing new to record").isEqualTo(before);
  }

  @Test
  void reportsARefusalSoTheOperationRollsBack() {
    driver.simulated.injectRefusal(ROUTER, "configure check failed");
    Operation creation = createConnection("pc", 100);
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Failed.class);
    assertThat(observed(creation.resourceId()).failedRevision()).isEqualTo(1);
    worker.runOnce();
    Operation failed = useCases.operations().get(Caller.operator("test"), creation.id());
    assertThat(failed.error()).get().isInstanceOf(Problem.Unavailable.class);
    assertThat(failed.error().get().message()).contains("configure check failed");
  }

  @Test
  void reportsAnInjectedLinkFaultAndRecovers() {
    createConnection("pc", 100);
    reconciler.reconcile(ROUTER);
    advance(Duration.ofSeconds(2));
    reconciler.reconcile(ROUTER);
    assertThat(observed(TRUNK).holds(ConditionType.LINK_UP)).isTrue();
    Instant upSince =
        observed(TRUNK).condition(ConditionType.LINK_UP).orElseThrow().lastTransitionTime();

    driver.simulated.injectLinkFault("et-0/0/1", "no light");
    advance(Duration.ofSeconds(1));
    assertThat(reconciler.reconcile(ROUTER)).isInstanceOf(PassOutcome.Waiting.class);
    assertThat(observed(TRUNK).condition(ConditionType.LINK_UP).orElseThrow().message())
        .isEqualTo("no light");

    driver.simulated.clearLinkFault("et-0/0/1");
    advance(Duration.ofSeconds(1));
    reconciler.reconcile(ROUTER);
    assertThat(observed(TRUNK).holds(ConditionType.LINK_UP)).isTrue();
    assertThat(observed(TRUNK).condition(ConditionType.LINK_UP).orElseThrow().lastTransitionTime())
        .isAfter(upSince);
  }

  @Test
  void removesADeletedConnectionAndReportsTheRemoval() {
    Operation creation = createConnection("pc", 100);
    reconciler.reconcile(ROUTER);
    advance(Duration.ofMillis(150));
    reconciler.reconcile(ROUTER);
    worker.runOnce();
    Operation deletion =
        useCases
            .attachments()
            .delete(Caller.operator("user"), AttachmentKind.PRIVATE, creation.resourceId());
    reconciler.reconcile(ROUTER);
    assertThat(driver.applied.get(driver.applied.size() - 1).sessions()).isEmpty();
    advance(Duration.ofMillis(150));
    reconciler.reconcile(ROUTER);
    advance(Duration.ofSeconds(1));
    worker.runOnce();
    assertThat(useCases.operations().get(Caller.operator("test"), deletion.id()).done()).isTrue();
    assertThat(useCases.network().observation(creation.resourceId())).isEmpty();
  }

  @Test
  void reconfiguresARouterThatLostItsState() {
    createConnection("pc", 100);
    reconciler.reconcile(ROUTER);
    advance(Duration.ofSeconds(2));
    reconciler.reconcile(ROUTER);
    RecordingDriver rebooted = new RecordingDriver();
    Reconciler afterReboot =
        new Reconciler(
            useCases.network(),
            rebooted,
            clock,
            Duration.ofMillis(100),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30));
    afterReboot.reconcile(ROUTER);
    assertThat(rebooted.applied).as("an empty router gets its configuration again").hasSize(1);
  }

  @Test
  void keepsTheMd5KeyOutOfTheConfigurationsPrintedForm() {
    createConnection("pc", 100);
    reconciler.reconcile(ROUTER);
    assertThat(driver.applied.get(0).toString()).doesNotContain("md5-secret");
  }
}
