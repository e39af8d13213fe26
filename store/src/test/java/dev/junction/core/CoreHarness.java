package dev.junction.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.SubjectReport;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.operation.Signals;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Trunk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;

/**
 * The core's use cases on a real store of the given {@link Engine}, with a settable clock and an
 * operation worker the test runs by hand. The network is played by the test: {@link
 * #networkApplies} records what a reconciler would after applying a revision.
 */
public final class CoreHarness implements AutoCloseable {
  public static final String POP = "pop-a";
  public static final String FOLDER = "folder-a";
  public static final String DEMO_TRUNK = "trunk-demo";
  public static final Duration TIMEOUT = Duration.ofMinutes(2);
  public static final Duration AGENT_SILENCE = Duration.ofSeconds(30);
  public static final String ROUTER = "router-a";
  public static final String AGENT = "agent-test";
  public static final AgentInfo AGENT_INFO =
      new AgentInfo("simulated", "test", "localhost", java.util.Map.of());

  public final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
  public final Store store;
  public final CoreConfig config;
  public final UseCases useCases;
  public final OperationWorker worker;
  private final Map<String, Long> epochs = new HashMap<>();
  private long reportSeq;

  public CoreHarness(Engine engine, Path dir) {
    this(engine, dir, Quotas.DEFAULTS, false);
  }

  public CoreHarness(Engine engine, Path dir, Quotas quotas, boolean autoApprove) {
    store = engine.open(dir);
    config =
        new CoreConfig(
            quotas,
            new Asn(200350),
            TIMEOUT,
            Duration.ofMillis(100),
            Duration.ofDays(14),
            autoApprove,
            dev.junction.core.net.Ipv4Prefix.of("100.64.0.0/24"),
            AGENT_SILENCE);
    useCases = UseCases.over(store, clock, Ids.random(), config, Signals.none());
    useCases
        .catalogue()
        .load(
            List.of(
                new PointOfPresence(
                    POP,
                    "Pop A",
                    "Street 1",
                    List.of("MMR"),
                    "aaa01",
                    "Campus",
                    List.of("Street 1")),
                new PointOfPresence(
                    "pop-b", "Pop B", "Street 2", List.of(), "bbb01", "B", List.of())),
            List.of(
                new Partner("partner-a", "Partner A", "https://a.example", List.of(POP), true),
                new Partner("partner-down", "Partner D", "", List.of(POP), false)),
            List.of(new Router("router-a", POP, "ccr-a", "10.0.0.1")),
            List.of(
                port(
                    "11111111-1111-4111-8111-111111111111",
                    "et-0/0/1",
                    TransceiverType.BASE_10G_LR,
                    10),
                port(
                    "22222222-2222-4222-8222-222222222222",
                    "et-0/0/2",
                    TransceiverType.BASE_10G_LR,
                    10),
                port(
                    "33333333-3333-4333-8333-333333333333",
                    "et-0/0/3",
                    TransceiverType.BASE_10G_LR,
                    10),
                port(
                    "44444444-4444-4444-8444-444444444444",
                    "et-0/1/0",
                    TransceiverType.BASE_100G_LR4,
                    100)));
    useCases
        .trunks()
        .provision(
            new Trunk(
                DEMO_TRUNK,
                FOLDER,
                "demo",
                "",
                dev.junction.core.resource.Labels.EMPTY,
                POP,
                new dev.junction.core.trunk.Joint.SinglePort(
                    "11111111-1111-4111-8111-111111111111", TransceiverType.BASE_10G_LR),
                Bandwidth.gbps(1),
                false,
                ResourceStatus.ACTIVE,
                Instant.EPOCH,
                1));
    worker =
        new OperationWorker(
            store,
            clock,
            useCases.executions(),
            "worker-test",
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Signals.none());
  }

  private static Port port(String id, String name, TransceiverType transceiver, long gbps) {
    return new Port(
        id, name, POP, "router-a", gbps + "G", Bandwidth.gbps(gbps), transceiver, "ccr-a");
  }

  public static Caller caller() {
    return Caller.operator("user-1");
  }

  /** Returns a valid private connection draft on the demo trunk. */
  public static AttachmentDraft draft(String name, long vlan) {
    return new AttachmentDraft(
        FOLDER,
        name,
        "",
        Map.of(),
        DEMO_TRUNK,
        Optional.of(vlan),
        Optional.of(new PeeringDraft("169.254.1.0/30", "169.254.1.1", "169.254.1.2", 65001, "")),
        List.of(),
        List.of(),
        List.of());
  }

  /** Records that the network applied revision {@code revision} of {@code subjectId}. */
  public void networkApplies(String subjectId, long revision) {
    report(SubjectReport.applied(subjectId, revision, "rendered-" + revision));
  }

  /** Records that the router refused revision {@code revision} of {@code subjectId}. */
  public void networkRefuses(String subjectId, long revision, String reason) {
    report(SubjectReport.refused(subjectId, revision, reason));
  }

  /**
   * Reports {@code subject} as the agent of its router would: the harness's agent takes the router
   * over the first time, and each report says it runs everything up to the router's sequence now.
   */
  public void report(SubjectReport subject) {
    String router = store.read(tx -> tx.routerOf(subject.subjectId())).orElseThrow();
    long epoch = epoch(router);
    long applied = useCases.network().desired().seq(router);
    useCases
        .network()
        .observed()
        .record(
            new AgentReport(
                router,
                epoch,
                ++reportSeq,
                applied,
                "header",
                AGENT_INFO,
                List.of(subject),
                List.of()),
            AGENT_SILENCE);
  }

  /** Returns the epoch at which the harness's agent owns {@code router}, taking it over at once. */
  public long epoch(String router) {
    return epochs.computeIfAbsent(
        router,
        r ->
            useCases
                .network()
                .observed()
                .claim(r, AGENT, AGENT_SILENCE, false)
                .orElseThrow(() -> new IllegalStateException("another agent owns " + r)));
  }

  /** Runs the worker once at the clock's time after moving it past any wait. */
  public Operation step(Operation operation) {
    clock.tick(Duration.ofSeconds(1));
    worker.runOnce();
    return useCases.operations().get(CoreHarness.caller(), operation.id());
  }

  /** Lets the network apply the operation's target and runs the worker until it is done. */
  public Operation complete(Operation operation) {
    if (operation.targetRevision() > 0) {
      networkApplies(operation.resourceId(), operation.targetRevision());
    }
    Operation current = step(operation);
    assertThat(current.done()).as("operation %s is done", operation.id()).isTrue();
    assertThat(current.error()).as("operation %s error", operation.id()).isEmpty();
    return current;
  }

  /** Asserts that {@code call} fails with a problem of {@code type} and returns the problem. */
  public static <P extends Problem> P problemOf(
      Class<P> type, ThrowableAssert.ThrowingCallable call) {
    Problem[] found = new Problem[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem()).isInstanceOf(type);
              found[0] = e.problem();
            });
    return type.cast(found[0]);
  }

  public void with(Consumer<UseCases> work) {
    work.accept(useCases);
  }

  @Override
  public void close() {
    store.close();
  }
}
