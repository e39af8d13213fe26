package dev.junction.network.agent;

import static dev.junction.network.agent.AgentFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.UseCases;
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
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.operation.Signals;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.network.simulated.SimulatedTimings;
import dev.junction.store.JdbcStore;
import dev.junction.store.PostgresStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one real PostgreSQL, each running the in-process agents of the routers it may
 * own: a router has one owner at a time, whichever replica a change or a fault comes through the
 * owner applies it, and when the owner dies the other replica takes the router over within the
 * lease and carries on.
 */
class OwnershipTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String ROUTER = "r1";
  private static final String TRUNK = "trunk-1";
  private static final String PORT = "11111111-1111-4111-8111-111111111111";

  private final List<Replica> replicas = new ArrayList<>();

  @AfterEach
  void stopTheReplicas() {
    replicas.forEach(Replica::close);
  }

  /** One server replica, as far as the network goes: its store, use cases, worker and agents. */
  private static final class Replica implements AutoCloseable {
    final String name;
    final JdbcStore store;
    final UseCases useCases;
    final SimulatedNetwork network =
        new SimulatedNetwork(
            InstantSource.system(),
            new SimulatedTimings(
                Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20)));
    final LocalRouters local;
    final OperationWorker worker;
    private boolean closed;

    Replica(String name, String url, SecretCipher cipher) {
      this.name = name;
      store = PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, cipher);
      RouterChanges changes = new RouterChanges();
      store.onRouterChanged(changes::changed);
      CoreConfig config =
          new CoreConfig(
              new Quotas(2, 100, 10, 100),
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
      InProcessFeed feed = new InProcessFeed(useCases.network(), changes, name, LEASE);
      local =
          new LocalRouters(
              () -> useCases.catalogue().routers(),
              router -> Optional.of(network.router(router.id())),
              (router, driver) ->
                  new RouterAgent(
                      router.id(),
                      feed,
                      driver,
                      AgentFixture.FAST,
                      InstantSource.system(),
                      new AgentInfo(driver.kind(), "test", name, driver.settings())),
              LEASE.dividedBy(4));
      worker =
          new OperationWorker(
              store,
              InstantSource.system(),
              useCases.executions(),
              "worker-" + name,
              Duration.ofSeconds(5),
              Duration.ofMillis(100),
              signals);
      wake.add(worker);
    }

    void start() {
      local.start();
      worker.start();
    }

    /** Stops the replica as a crash would: nothing is released, leases run out. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      local.close();
      worker.close();
      store.close();
    }
  }

  private Replica replica(String name, String url, SecretCipher cipher) {
    Replica replica = new Replica(name, url, cipher);
    replicas.add(replica);
    return replica;
  }

  private static void catalogue(UseCases useCases) {
    useCases
        .catalogue()
        .load(
            List.of(new PointOfPresence("pop1", "Pop", "", List.of(), "pop01", "", List.of())),
            List.of(),
            List.of(new Router(ROUTER, "pop1", "r1", "10.255.0.1", List.of())),
            List.of(
                new Port(
                    PORT,
                    "et-0/0/1",
                    "pop1",
                    ROUTER,
                    "10G",
                    Bandwidth.gbps(10),
                    TransceiverType.BASE_10G_LR,
                    "r1")));
    useCases
        .trunks()
        .provision(
            new Trunk(
                TRUNK,
                "folder-1",
                "trunk",
                "",
                Labels.EMPTY,
                "pop1",
                new Joint.SinglePort(PORT, TransceiverType.BASE_10G_LR),
                Bandwidth.gbps(10),
                false,
                ResourceStatus.ACTIVE,
                Instant.EPOCH,
                1));
  }

  private static Operation create(Replica through, String name, int vlan) {
    return through
        .useCases
        .attachments()
        .create(
            AgentFixture.OPERATOR,
            AttachmentKind.PRIVATE,
            new AttachmentDraft(
                "folder-1",
                name,
                "",
                Map.of(),
                TRUNK,
                Optional.of((long) vlan),
                Optional.of(
                    new PeeringDraft("169.254.1.0/30", "169.254.1.1", "169.254.1.2", 65001, "")),
                List.of(),
                List.of(),
                List.of()));
  }

  private static RouterStatus status(Replica replica) {
    return replica.store.read(tx -> tx.routerStatus(ROUTER)).orElseThrow();
  }

  private static boolean done(Replica replica, Operation operation) {
    return replica.useCases.operations().get(AgentFixture.OPERATOR, operation.id()).done();
  }

  @Test
  void oneReplicaOwnsTheRouterAndTheOtherTakesItOverWhenTheOwnerDies() throws Exception {
    String url = TestPostgres.newDatabase();
    SecretCipher cipher = SecretCipher.of("k", Map.of("k", SecretCipher.newKey()));
    Replica a = replica("replica-a", url, cipher);
    Replica b = replica("replica-b", url, cipher);
    catalogue(a.useCases);
    a.start();
    b.start();
    await("one replica owns the router", WITHIN, () -> status(a).owner().isPresent());
    String owner = status(a).owner().orElseThrow();
    Replica owning = owner.equals("replica-a") ? a : b;
    Replica other = owning == a ? b : a;

    // A change through the replica that does not own the router is applied by the one that does.
    Operation first = create(other, "pc-1", 100);
    await("the first create done", WITHIN, () -> done(other, first));
    assertThat(other.useCases.operations().get(AgentFixture.OPERATOR, first.id()).error())
        .isEmpty();

    // A fault injected through the other replica is applied by the owner: both show it.
    other
        .useCases
        .network()
        .faults()
        .inject(AgentFixture.OPERATOR, FaultKind.LINK, "et-0/0/1", "cut", Optional.empty());
    await(
        "the trunk's link shown down from both replicas",
        WITHIN,
        () ->
            a.useCases
                    .network()
                    .view()
                    .observation(TRUNK)
                    .map(o -> !o.holds(ConditionType.LINK_UP))
                    .orElse(false)
                && b.useCases
                    .network()
                    .view()
                    .observation(TRUNK)
                    .map(o -> !o.holds(ConditionType.LINK_UP))
                    .orElse(false));
    long epoch = status(other).epoch();

    // The owner dies without letting go; the other takes the router over once the lease is out.
    owning.close();
    await(
        "the other replica owns the router",
        WITHIN,
        () ->
            status(other).owner().equals(Optional.of(other.name)) && status(other).epoch() > epoch);
    Operation second = create(other, "pc-2", 101);
    await("a create after the takeover done", WITHIN, () -> done(other, second));
    assertThat(other.useCases.operations().get(AgentFixture.OPERATOR, second.id()).error())
        .isEmpty();
    assertThat(
            other
                .useCases
                .network()
                .view()
                .observation(TRUNK)
                .map(o -> o.holds(ConditionType.LINK_UP)))
        .as("the fault lives with the router, not with the replica that died")
        .contains(false);
    List<dev.junction.core.network.NetworkEvent> events =
        other.store.read(tx -> tx.networkEvents(ROUTER, 10));
    assertThat(events).anySatisfy(e -> assertThat(e.message()).contains(other.name));
  }
}
