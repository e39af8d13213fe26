package dev.junction.network.agent;

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
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.operation.Signals;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.network.RouterDriver;
import dev.junction.store.JdbcStore;
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
import java.util.function.BooleanSupplier;

/**
 * The core over a real SQLite store, with an operation worker and agents running on threads of
 * their own against it, as a server runs them: for tests of the agent loop.
 */
final class AgentFixture implements AutoCloseable {
  static final String ROUTER = "r1";
  static final String TRUNK = "trunk-1";
  static final String FOLDER = "folder-1";
  static final Caller OPERATOR = Caller.operator("operator");
  static final AgentSettings FAST =
      new AgentSettings(
          100,
          Duration.ofMillis(20),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(500),
          Duration.ofSeconds(5),
          Duration.ofMillis(200));

  final JdbcStore store;
  final UseCases useCases;
  final RouterChanges changes = new RouterChanges();
  private final OperationWorker worker;
  private final List<Thread> threads = new ArrayList<>();
  private final List<RouterAgent> agents = new ArrayList<>();

  AgentFixture(Path dir) {
    this(dir, Port.defaultKernelInterface("et-0/0/1"));
  }

  /**
   * Opens the core in {@code dir}, with router {@code ROUTER} whose one port (the trunk's) is the
   * kernel interface {@code portInterface}.
   */
  AgentFixture(Path dir, String portInterface) {
    store =
        SqliteStore.open(
            dir.resolve("junction.db"), SecretCipher.of("k", Map.of("k", SecretCipher.newKey())));
    store.onRouterChanged(changes::changed);
    CoreConfig config =
        new CoreConfig(
            new Quotas(2, 4000, 10, 100),
            new Asn(200350),
            Duration.ofMinutes(2),
            Duration.ofMillis(20),
            Duration.ofDays(14),
            false,
            Ipv4Prefix.of("100.64.0.0/24"),
            Duration.ofSeconds(3));
    List<OperationWorker> wake = new ArrayList<>();
    Signals signals =
        new Signals() {
          @Override
          public void operationsChanged() {
            wake.forEach(OperationWorker::wake);
          }

          @Override
          public void networkChanged() {}
        };
    useCases = UseCases.over(store, InstantSource.system(), Ids.random(), config, signals);
    String portId = "11111111-1111-4111-8111-111111111111";
    useCases
        .catalogue()
        .load(
            List.of(new PointOfPresence("pop1", "Pop", "", List.of(), "pop01", "", List.of())),
            List.of(),
            List.of(
                new Router(
                    ROUTER, "pop1", "r1", "10.255.0.1", List.of(Ipv4Prefix.of("203.0.113.0/24")))),
            List.of(
                new Port(
                    portId,
                    "et-0/0/1",
                    "pop1",
                    ROUTER,
                    "10G",
                    Bandwidth.gbps(10),
                    TransceiverType.BASE_10G_LR,
                    "r1",
                    portInterface)));
    useCases
        .trunks()
        .provision(
            new Trunk(
                TRUNK,
                FOLDER,
                "trunk",
                "",
                Labels.EMPTY,
                "pop1",
                new Joint.SinglePort(portId, TransceiverType.BASE_10G_LR),
                Bandwidth.gbps(10),
                false,
                ResourceStatus.ACTIVE,
                Instant.EPOCH,
                1));
    worker =
        new OperationWorker(
            store,
            InstantSource.system(),
            useCases.executions(),
            "worker",
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            signals);
    wake.add(worker);
    worker.start();
  }

  /** Starts an agent of {@code ROUTER} owned as {@code owner}, driving {@code driver}. */
  RouterAgent startAgent(String owner, RouterDriver driver) {
    return startAgent(owner, driver, FAST);
  }

  /** Starts an agent of {@code ROUTER} paced by {@code settings}. */
  RouterAgent startAgent(String owner, RouterDriver driver, AgentSettings settings) {
    RouterAgent agent =
        new RouterAgent(
            ROUTER,
            new InProcessFeed(useCases.network(), changes, owner, Duration.ofSeconds(3)),
            driver,
            settings,
            InstantSource.system(),
            new AgentInfo(driver.kind(), "test", owner, driver.settings()));
    Thread thread = Thread.ofPlatform().daemon().name("agent-" + owner).start(agent);
    agents.add(agent);
    threads.add(thread);
    return agent;
  }

  /** Stops {@code agent} and waits for its thread to end. */
  void stop(RouterAgent agent) throws InterruptedException {
    agent.close();
    int index = agents.indexOf(agent);
    threads.get(index).join(Duration.ofSeconds(10));
  }

  /** Returns whether {@code agent}'s thread has ended. */
  boolean stopped(RouterAgent agent) {
    return !threads.get(agents.indexOf(agent)).isAlive();
  }

  /** Creates a private connection with a BGP session and returns its operation. */
  Operation createConnection(String name, int vlan, String md5, List<String> routes) {
    return createConnection(name, vlan, "169.254.1.0/30", md5, routes);
  }

  /**
   * Creates a private connection on VLAN {@code vlan} whose peering subnet is the /30 {@code
   * subnet} (the customer on its first address, the provider on its second), and returns its
   * operation.
   */
  Operation createConnection(
      String name, int vlan, String subnet, String md5, List<String> routes) {
    Ipv4Prefix prefix = Ipv4Prefix.of(subnet);
    return useCases
        .attachments()
        .create(
            OPERATOR,
            AttachmentKind.PRIVATE,
            new AttachmentDraft(
                FOLDER,
                name,
                "",
                Map.of(),
                TRUNK,
                Optional.of((long) vlan),
                Optional.of(
                    new PeeringDraft(
                        subnet,
                        prefix.network().plus(1).toString(),
                        prefix.network().plus(2).toString(),
                        65001,
                        md5)),
                routes,
                List.of(),
                List.of()));
  }

  Operation operation(String id) {
    return useCases.operations().get(OPERATOR, id);
  }

  /** Waits up to {@code within} for {@code condition}, looking again every 10 ms. */
  static void await(String what, Duration within, BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Waits until operation {@code id} is done and returns it. */
  Operation done(String id, Duration within) throws InterruptedException {
    await("operation " + id + " done", within, () -> operation(id).done());
    return operation(id);
  }

  @Override
  public void close() throws InterruptedException {
    for (RouterAgent agent : agents) {
      agent.close();
    }
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(10));
    }
    worker.close();
    store.close();
  }
}
