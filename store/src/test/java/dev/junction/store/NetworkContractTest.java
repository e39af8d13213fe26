package dev.junction.store;

import static dev.junction.store.Fixtures.POP;
import static dev.junction.store.Fixtures.PORT_1;
import static dev.junction.store.Fixtures.ROUTER;
import static dev.junction.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionStatus;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkChange;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.NetworkSubject;
import dev.junction.core.network.Observation;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do for the network, whatever its engine: advance each router's desired
 * sequence with every change of what it runs, feed the changes in order, fence owners by epoch,
 * keep observations no longer than their subjects and never older than what is stored, and hold all
 * of that under real concurrency. Each engine runs this suite through a subclass.
 */
abstract class NetworkContractTest {
  static final String ROUTER_B = "router-b";
  static final Instant NOW = T0.plusSeconds(100);
  static final AgentInfo AGENT =
      new AgentInfo("simulated", "1.0", "host-a", java.util.Map.of("connectDelay", "1s"));

  protected Store store;

  /** Returns a new, empty store. */
  protected abstract Store newStore() throws Exception;

  /** Returns a plain JDBC connection to the store {@link #newStore} made, to look at raw rows. */
  protected abstract Connection rawConnection() throws Exception;

  /**
   * Makes a new database migrated up to version {@code version} only, and returns a plain
   * connection to it.
   */
  protected abstract Connection newDatabaseAt(String version) throws Exception;

  /** Opens the store on the database {@link #newDatabaseAt} made, migrating it to the latest. */
  protected abstract Store openMigrated() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
    Fixtures.loadCatalogue(store);
    write(tx -> tx.upsertRouter(new Router(ROUTER_B, POP, "ccr-b", "10.0.0.2")));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  void write(Consumer<WriteTx> work) {
    store.write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  long seq(String routerId) {
    return store.read(tx -> tx.routerStatus(routerId)).orElseThrow().desiredSeq();
  }

  List<NetworkChange> feed(String routerId, long since) {
    return store.read(tx -> tx.networkChanges(routerId, since, 1000));
  }

  static NetworkChange change(long seq, String id, NetworkChange.Kind kind) {
    return new NetworkChange(seq, id, kind);
  }

  static Trunk partnerTrunk(String id) {
    return Fixtures.trunk(id, "scope-a", "", new Joint.ViaPartner("partner-a", "key-" + id));
  }

  static Attachment attachment(String id, String trunkId, int vlan) {
    return Fixtures.attachment(id, "scope-a", "", trunkId, vlan);
  }

  static Observation observation(String subjectId, long applied, Instant at) {
    return new Observation(
        subjectId,
        applied,
        "hash-" + applied,
        0,
        "",
        List.of(
            new Condition(
                ConditionType.CONFIG_APPLIED, ConditionStatus.TRUE, "Applied", "", applied, at)),
        Optional.of(new BgpObservation(BgpObservation.ESTABLISHED, at, "", 12, 3)),
        at);
  }

  // The desired sequence and the feed.

  @Test
  void advancesTheSequenceOnEveryChangeOfWhatARouterRuns() {
    assertThat(seq(ROUTER)).isZero();
    Trunk trunk = partnerTrunk("t1");
    write(tx -> tx.insertTrunk(trunk, ROUTER));
    assertThat(seq(ROUTER)).isEqualTo(1);
    assertThat(feed(ROUTER, 0)).containsExactly(change(1, "t1", NetworkChange.Kind.TRUNK));

    write(tx -> tx.updateTrunk(trunk.withStatus(ResourceStatus.UPDATING)));
    assertThat(seq(ROUTER)).as("a change of status alone").isEqualTo(1);
    write(tx -> tx.updateTrunk(trunk.nextRevision()));
    assertThat(seq(ROUTER)).as("a new revision").isEqualTo(2);
    assertThat(feed(ROUTER, 0)).containsExactly(change(2, "t1", NetworkChange.Kind.TRUNK));

    Attachment attachment = attachment("a1", "t1", 100);
    write(tx -> tx.insertAttachment(attachment));
    write(tx -> tx.updateAttachment(attachment.withStatus(ResourceStatus.ACTIVE)));
    write(tx -> tx.updateAttachment(attachment.withScope("scope-b")));
    write(tx -> tx.setAttachmentStatus("a1", ResourceStatus.UPDATING));
    assertThat(seq(ROUTER)).as("an attachment's status or scope alone").isEqualTo(3);
    Optional<Attachment> saved = store.read(tx -> tx.attachment("a1"));
    assertThat(saved)
        .get()
        .as("the status set alone, the scope saved before kept")
        .extracting(Attachment::status, Attachment::scope)
        .containsExactly(ResourceStatus.UPDATING, "scope-b");
    assertThatThrownBy(() -> write(tx -> tx.setAttachmentStatus("a9", ResourceStatus.ACTIVE)))
        .hasMessageContaining("attachment a9 does not exist");
    write(tx -> tx.updateAttachment(attachment.nextRevision()));
    assertThat(seq(ROUTER)).isEqualTo(4);
    assertThat(store.<Long>write(tx -> tx.touchRouter(ROUTER))).isEqualTo(5);
    write(tx -> tx.deleteAttachment("a1"));
    assertThat(seq(ROUTER)).isEqualTo(6);
    assertThat(feed(ROUTER, 0))
        .containsExactly(
            change(2, "t1", NetworkChange.Kind.TRUNK), change(6, "a1", NetworkChange.Kind.REMOVED));
    assertThat(feed(ROUTER, 2)).containsExactly(change(6, "a1", NetworkChange.Kind.REMOVED));
    assertThat(seq(ROUTER_B)).as("another router's sequence").isZero();

    assertThatThrownBy(
            () ->
                write(
                    tx -> {
                      tx.insertTrunk(partnerTrunk("t2"), ROUTER);
                      throw new IllegalArgumentException("changed my mind");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(seq(ROUTER)).as("a transaction rolled back").isEqualTo(6);
  }

  @Test
  void placesAnAttachmentOnItsTrunksRouter() {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER_B));
    write(tx -> tx.insertAttachment(attachment("a1", "t1", 100)));
    store.read(
        tx -> {
          assertThat(tx.routerOf("a1")).contains(ROUTER_B);
          assertThat(tx.routerOf("t1")).contains(ROUTER_B);
          assertThat(tx.routerOf("nothing")).isEmpty();
          assertThat(tx.trunksOnRouter(ROUTER)).isEmpty();
          assertThat(tx.attachmentsOnRouter(ROUTER_B, Optional.empty(), 10))
              .extracting(Attachment::id)
              .containsExactly("a1");
          return null;
        });
    assertThat(seq(ROUTER_B)).isEqualTo(2);
    assertThat(seq(ROUTER)).isZero();
  }

  @Test
  void readsASubjectAsAReportNeedsIt() throws Exception {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER_B));
    write(tx -> tx.insertAttachment(attachment("a1", "t1", 100)));
    long attachmentRevision = store.read(tx -> tx.attachment("a1").orElseThrow().revision());
    long trunkRevision = store.read(tx -> tx.trunk("t1").orElseThrow().revision());
    store.read(
        tx -> {
          assertThat(tx.networkSubject("a1"))
              .contains(
                  new NetworkSubject(
                      "a1",
                      NetworkSubject.Kind.ATTACHMENT,
                      Optional.of(ROUTER_B),
                      attachmentRevision,
                      false));
          assertThat(tx.networkSubject("t1"))
              .contains(
                  new NetworkSubject(
                      "t1",
                      NetworkSubject.Kind.TRUNK,
                      Optional.of(ROUTER_B),
                      trunkRevision,
                      false));
          assertThat(tx.networkSubject("nothing")).isEmpty();
          return null;
        });
    write(tx -> tx.setAttachmentStatus("a1", ResourceStatus.DELETING));
    assertThat(store.<Boolean>read(tx -> tx.networkSubject("a1").orElseThrow().deleting()))
        .isTrue();

    // Saved for the subject read in the same transaction, without reading it again.
    assertThat(
            store.<Boolean>write(
                tx ->
                    tx.saveObservation(
                        tx.networkSubject("a1").orElseThrow(), observation("a1", 1, NOW), 1, 1)))
        .isTrue();
    assertThat(
            rawCount(
                "SELECT COUNT(*) FROM observations WHERE attachment_id = 'a1'"
                    + " AND trunk_id IS NULL AND router_id = '"
                    + ROUTER_B
                    + "'"))
        .as("an attachment's observation, with its router for the session counts")
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                write(
                    tx ->
                        tx.saveObservation(
                            tx.networkSubject("t1").orElseThrow(),
                            observation("a1", 2, NOW),
                            1,
                            2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a1");
    assertThat(store.<Long>read(tx -> tx.observation("a1").orElseThrow().appliedRevision()))
        .as("a mismatched save changed nothing")
        .isEqualTo(1);
  }

  @Test
  void refusesSubjectsNoRouterCanCarry() {
    assertThatThrownBy(() -> write(tx -> tx.insertTrunk(partnerTrunk("t1"), "no-such-router")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-router");
    assertThatThrownBy(() -> write(tx -> tx.insertAttachment(attachment("a1", "no-trunk", 100))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-trunk");
    assertThatThrownBy(() -> write(tx -> tx.deleteAttachment("a-none")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> write(tx -> tx.updateTrunk(partnerTrunk("t-none"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> write(tx -> tx.touchRouter("no-such-router")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void feedsChangesInSequenceOrderUpToALimit() {
    for (int i = 1; i <= 5; i++) {
      Trunk trunk = partnerTrunk("t" + i);
      write(tx -> tx.insertTrunk(trunk, ROUTER));
    }
    for (int i = 1; i <= 3; i++) {
      Attachment attachment = attachment("a" + i, "t1", 100 + i);
      write(tx -> tx.insertAttachment(attachment));
    }
    write(tx -> tx.updateTrunk(partnerTrunk("t2").nextRevision()));
    write(tx -> tx.deleteTrunk("t3"));
    write(tx -> tx.insertTrunk(partnerTrunk("t-b"), ROUTER_B));

    List<NetworkChange> all = feed(ROUTER, 0);
    assertThat(all)
        .containsExactly(
            change(1, "t1", NetworkChange.Kind.TRUNK),
            change(4, "t4", NetworkChange.Kind.TRUNK),
            change(5, "t5", NetworkChange.Kind.TRUNK),
            change(6, "a1", NetworkChange.Kind.ATTACHMENT),
            change(7, "a2", NetworkChange.Kind.ATTACHMENT),
            change(8, "a3", NetworkChange.Kind.ATTACHMENT),
            change(9, "t2", NetworkChange.Kind.TRUNK),
            change(10, "t3", NetworkChange.Kind.REMOVED));
    List<NetworkChange> paged = new ArrayList<>();
    long since = 0;
    while (true) {
      long from = since;
      List<NetworkChange> page = store.read(tx -> tx.networkChanges(ROUTER, from, 3));
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      paged.addAll(page);
      if (page.size() < 3) {
        break;
      }
      since = page.get(page.size() - 1).seq();
    }
    assertThat(paged).isEqualTo(all);
    assertThat(feed(ROUTER_B, 0)).containsExactly(change(1, "t-b", NetworkChange.Kind.TRUNK));
  }

  @Test
  void dropsRemovalsOnceTheOwnerRunsThem() {
    for (int i = 1; i <= 3; i++) {
      Trunk trunk = partnerTrunk("t" + i);
      write(tx -> tx.insertTrunk(trunk, ROUTER));
    }
    write(tx -> tx.deleteTrunk("t1"));
    write(tx -> tx.deleteTrunk("t2"));
    assertThat(feed(ROUTER, 0))
        .extracting(NetworkChange::subjectId)
        .containsExactly("t3", "t1", "t2");
    long epoch =
        store
            .write(tx -> tx.claimRouter(ROUTER, "agent-1", NOW, NOW.plusSeconds(30), false))
            .orElseThrow();
    write(
        tx -> {
          tx.checkRouterOwner(ROUTER, epoch);
          tx.routerHeard(ROUTER, NOW, 4, "header-1", AGENT, NOW.plusSeconds(60));
        });
    assertThat(feed(ROUTER, 0))
        .as("the removal at 4 is run, the one at 5 is not yet")
        .containsExactly(
            change(3, "t3", NetworkChange.Kind.TRUNK), change(5, "t2", NetworkChange.Kind.REMOVED));
    write(tx -> tx.routerHeard(ROUTER, NOW.plusSeconds(1), 2, "header-2", AGENT, NOW));
    RouterStatus status = store.read(tx -> tx.routerStatus(ROUTER)).orElseThrow();
    assertThat(status.appliedSeq()).as("the applied sequence never moves back").isEqualTo(4);
    assertThat(status.headerHash()).isEqualTo("header-2");
    assertThat(status.lastHeardAt()).contains(NOW.plusSeconds(1));
    assertThat(status.agent()).contains(AGENT);
    assertThat(status.desiredSeq()).isEqualTo(5);
    write(tx -> tx.routerHeard(ROUTER, NOW.plusSeconds(2), 5, "header-2", AGENT, NOW));
    assertThat(feed(ROUTER, 0)).containsExactly(change(3, "t3", NetworkChange.Kind.TRUNK));
  }

  // Observations.

  @Test
  void deletesAnObservationWithItsSubject() throws Exception {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "t1", PORT_1), ROUTER));
    write(tx -> tx.insertAttachment(attachment("a1", "t1", 100)));
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(observation("t1", 1, NOW), 1, 1)))
        .isTrue();
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(observation("a1", 1, NOW), 1, 1)))
        .isTrue();
    assertThat(store.<List<Observation>>read(tx -> tx.observations(List.of("t1", "a1", "x"))))
        .extracting(Observation::subjectId)
        .containsExactlyInAnyOrder("t1", "a1");
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("a1")))
        .contains(observation("a1", 1, NOW));

    write(tx -> tx.deleteAttachment("a1"));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("a1"))).isEmpty();
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).isPresent();
    write(tx -> tx.deleteTrunk("t1"));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).isEmpty();
    assertThat(rawCount("SELECT COUNT(*) FROM observations")).isZero();
  }

  @Test
  void neverRecreatesTheObservationOfADeletedSubject() throws Exception {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
    write(tx -> tx.saveObservation(observation("t1", 1, NOW), 1, 1));
    write(tx -> tx.deleteTrunk("t1"));
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(observation("t1", 2, NOW), 1, 2)))
        .as("a report that comes after its subject was deleted")
        .isFalse();
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(observation("never", 1, NOW), 1, 3)))
        .isFalse();
    assertThat(rawCount("SELECT COUNT(*) FROM observations")).isZero();
  }

  @Test
  void keepsTheObservationOfTheLatestReport() {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
    Observation first = observation("t1", 5, NOW);
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(first, 1, 5))).isTrue();
    assertThat(
            store.<Boolean>write(
                tx -> tx.saveObservation(observation("t1", 4, NOW.minusSeconds(1)), 1, 4)))
        .as("an earlier report of the same epoch")
        .isFalse();
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(first);
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(first, 1, 5)))
        .as("the same report again")
        .isTrue();
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(first);
    Observation taken = observation("t1", 6, NOW.plusSeconds(1));
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(taken, 2, 1)))
        .as("the first report of a later epoch")
        .isTrue();
    assertThat(
            store.<Boolean>write(
                tx -> tx.saveObservation(observation("t1", 9, NOW.plusSeconds(2)), 1, 99)))
        .as("a late report of an earlier epoch")
        .isFalse();
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(taken);
    Observation without =
        new Observation("t1", 7, "h", 7, "no", List.of(), Optional.empty(), NOW.plusSeconds(3));
    write(tx -> tx.saveObservation(without, 2, 2));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(without);
  }

  // Ownership.

  @Test
  void claimsRenewsReleasesAndFencesOwners() {
    Instant lease = NOW.plusSeconds(30);
    assertThat(claim("o1", NOW, lease, false)).hasValue(1);
    assertThat(claim("o2", NOW, lease, false)).as("held by o1").isEmpty();
    assertThat(claim("o1", NOW, lease, false)).as("o1 again: a new epoch").hasValue(2);
    assertLeaseLost(1);
    write(tx -> tx.checkRouterOwner(ROUTER, 2));
    assertThat(store.<Boolean>write(tx -> tx.renewRouter(ROUTER, "o1", 2, lease.plusSeconds(30))))
        .isTrue();
    assertThat(store.<Boolean>write(tx -> tx.renewRouter(ROUTER, "o2", 2, lease))).isFalse();
    assertThat(store.<Boolean>write(tx -> tx.renewRouter(ROUTER, "o1", 1, lease))).isFalse();

    Instant later = lease.plusSeconds(31);
    assertThat(claim("o2", later.minusSeconds(1), later.plusSeconds(30), false))
        .as("the lease has not expired yet")
        .isEmpty();
    assertThat(claim("o2", later, later.plusSeconds(30), false))
        .as("the lease expired")
        .hasValue(3);
    assertLeaseLost(2);
    assertThat(store.<Boolean>write(tx -> tx.renewRouter(ROUTER, "o1", 2, later))).isFalse();
    assertThat(claim("o1", later, later.plusSeconds(30), true)).as("a take-over").hasValue(4);
    RouterStatus status = store.read(tx -> tx.routerStatus(ROUTER)).orElseThrow();
    assertThat(status.owner()).contains("o1");
    assertThat(status.epoch()).isEqualTo(4);
    assertThat(status.leaseUntil()).contains(later.plusSeconds(30));

    write(tx -> tx.releaseRouter(ROUTER, "o2", 3, later));
    assertThat(
            store.<Optional<RouterStatus>>read(tx -> tx.routerStatus(ROUTER)).orElseThrow().owner())
        .as("released by an owner that no longer holds it")
        .contains("o1");
    write(tx -> tx.releaseRouter(ROUTER, "o1", 4, later));
    assertThat(
            store.<Optional<RouterStatus>>read(tx -> tx.routerStatus(ROUTER)).orElseThrow().owner())
        .isEmpty();
    assertLeaseLost(4);
    assertThat(claim("o2", later, later.plusSeconds(30), false)).hasValue(5);
    assertThat(
            store.<OptionalLong>write(
                tx -> tx.claimRouter("no-such-router", "o1", NOW, lease, true)))
        .isEmpty();
    assertThat(store.<List<RouterStatus>>read(tx -> tx.routerStatuses()))
        .extracting(RouterStatus::routerId)
        .containsExactly(ROUTER, ROUTER_B);
  }

  private OptionalLong claim(String owner, Instant now, Instant until, boolean takeOver) {
    return store.write(tx -> tx.claimRouter(ROUTER, owner, now, until, takeOver));
  }

  private void assertLeaseLost(long epoch) {
    assertThatThrownBy(() -> write(tx -> tx.checkRouterOwner(ROUTER, epoch)))
        .isInstanceOf(LeaseLost.class)
        .hasMessageContaining("epoch " + epoch);
  }

  // Events, faults, credentials and the catalogue's network side.

  @Test
  void keepsTheLatestThousandEventsOfEachRouter() {
    write(
        tx -> {
          for (int i = 0; i < 1005; i++) {
            tx.appendNetworkEvent(
                new NetworkEvent(
                    ROUTER, NOW.plusSeconds(i), EventKind.DRIFT_REPAIRED, "t1", "event " + i));
          }
          tx.appendNetworkEvent(
              new NetworkEvent(ROUTER_B, NOW, EventKind.OWNER_CHANGED, "router", "b"));
        });
    List<NetworkEvent> events = store.read(tx -> tx.networkEvents(ROUTER, 5000));
    assertThat(events).hasSize(1000);
    assertThat(events.get(0).message()).isEqualTo("event 1004");
    assertThat(events.get(999).message()).isEqualTo("event 5");
    assertThat(store.<List<NetworkEvent>>read(tx -> tx.networkEvents(ROUTER, 2)))
        .extracting(NetworkEvent::message)
        .containsExactly("event 1004", "event 1003");
    assertThat(store.<List<NetworkEvent>>read(tx -> tx.networkEvents(ROUTER_B, 10)))
        .containsExactly(new NetworkEvent(ROUTER_B, NOW, EventKind.OWNER_CHANGED, "router", "b"));
  }

  @Test
  void keepsFaultsByRouterKindAndTarget() {
    NetworkFault link = new NetworkFault(ROUTER, FaultKind.LINK, "eth1", "cable cut");
    NetworkFault session = new NetworkFault(ROUTER, FaultKind.SESSION, "a1", "held down");
    NetworkFault other = new NetworkFault(ROUTER_B, FaultKind.REFUSAL, ROUTER_B, "refuses");
    write(
        tx -> {
          // A session's fault needs its attachment.
          tx.insertTrunk(partnerTrunk("t1"), ROUTER);
          tx.insertAttachment(attachment("a1", "t1", 100));
          tx.saveFault(session);
          tx.saveFault(link);
          tx.saveFault(other);
          tx.saveFault(new NetworkFault(ROUTER, FaultKind.LINK, "eth1", "cable cut again"));
        });
    NetworkFault replaced = new NetworkFault(ROUTER, FaultKind.LINK, "eth1", "cable cut again");
    assertThat(store.<List<NetworkFault>>read(tx -> tx.faults(ROUTER)))
        .containsExactly(replaced, session);
    assertThat(store.<List<NetworkFault>>read(tx -> tx.faults()))
        .containsExactly(replaced, session, other);
    assertThat(store.<Boolean>write(tx -> tx.deleteFault(ROUTER, FaultKind.LINK, "eth1"))).isTrue();
    assertThat(store.<Boolean>write(tx -> tx.deleteFault(ROUTER, FaultKind.LINK, "eth1")))
        .isFalse();
    assertThat(store.<List<NetworkFault>>read(tx -> tx.faults(ROUTER))).containsExactly(session);
  }

  @Test
  void keepsAgentCredentialsByDigest() {
    AgentCredential first = new AgentCredential("jra-1", ROUTER, "edge", NOW, Optional.empty());
    AgentCredential second = new AgentCredential("jra-2", ROUTER_B, "", NOW, Optional.empty());
    write(
        tx -> {
          tx.insertAgentCredential(first, "digest-1");
          tx.insertAgentCredential(second, "digest-2");
        });
    assertThatThrownBy(
            () ->
                write(
                    tx ->
                        tx.insertAgentCredential(
                            new AgentCredential("jra-3", ROUTER, "", NOW, Optional.empty()),
                            "digest-1")))
        .isInstanceOf(UniqueViolation.class);
    assertThat(store.<Optional<AgentCredential>>read(tx -> tx.agentCredentialByDigest("digest-2")))
        .contains(second);
    assertThat(store.<List<AgentCredential>>read(tx -> tx.agentCredentials(Optional.empty())))
        .containsExactly(first, second);
    assertThat(store.<List<AgentCredential>>read(tx -> tx.agentCredentials(Optional.of(ROUTER))))
        .containsExactly(first);
    write(tx -> tx.revokeAgentCredential("jra-1", NOW.plusSeconds(1)));
    write(tx -> tx.revokeAgentCredential("jra-1", NOW.plusSeconds(2)));
    assertThat(
            store
                .<Optional<AgentCredential>>read(tx -> tx.agentCredential("jra-1"))
                .orElseThrow()
                .revokedAt())
        .as("revoked once, at the first time")
        .contains(NOW.plusSeconds(1));
  }

  @Test
  void keepsTheNetworkSideOfTheCatalogue() {
    Router announcing =
        new Router(ROUTER, POP, "ccr-a", "10.0.0.1", List.of(Ipv4Prefix.of("198.51.100.0/24")));
    Port onEth =
        new Port(
            "port-eth",
            "et-0/0/9",
            POP,
            ROUTER,
            "10G",
            Bandwidth.gbps(10),
            TransceiverType.BASE_10G_LR,
            "ccr-a",
            "eth9");
    Port named =
        new Port(
            "port-named",
            "xe-1/0/0:2",
            POP,
            ROUTER,
            "10G",
            Bandwidth.gbps(10),
            TransceiverType.BASE_10G_LR,
            "ccr-a");
    write(
        tx -> {
          tx.upsertRouter(announcing);
          tx.upsertPort(onEth);
          tx.upsertPort(named);
        });
    assertThat(store.<Optional<Router>>read(tx -> tx.router(ROUTER))).contains(announcing);
    assertThat(store.<Optional<Port>>read(tx -> tx.port("port-eth"))).contains(onEth);
    assertThat(
            store.<Optional<Port>>read(tx -> tx.port("port-named")).orElseThrow().kernelInterface())
        .isEqualTo("xe-1-0-0-2");
    assertThat(seq(ROUTER)).as("upserting a router keeps its sequence").isZero();
  }

  @Test
  void pagesAttachmentsOnARouterById() {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
    write(
        tx -> {
          for (int i = 4; i >= 0; i--) {
            tx.insertAttachment(attachment("a" + i, "t1", 100 + i));
          }
        });
    assertThat(
            store.<List<Attachment>>read(tx -> tx.attachmentsOnRouter(ROUTER, Optional.empty(), 2)))
        .extracting(Attachment::id)
        .containsExactly("a0", "a1");
    assertThat(
            store.<List<Attachment>>read(
                tx -> tx.attachmentsOnRouter(ROUTER, Optional.of("a1"), 2)))
        .extracting(Attachment::id)
        .containsExactly("a2", "a3");
    assertThat(
            store.<List<Attachment>>read(
                tx -> tx.attachmentsOnRouter(ROUTER, Optional.of("a3"), 2)))
        .extracting(Attachment::id)
        .containsExactly("a4");
    assertThat(store.<List<Attachment>>read(tx -> tx.attachments(List.of("a3", "a9", "a0"))))
        .extracting(Attachment::id)
        .containsExactlyInAnyOrder("a0", "a3");
    assertThat(
            store
                .<List<Attachment>>read(tx -> tx.attachments(List.of("a3")))
                .get(0)
                .peering()
                .md5Key())
        .map(Md5Key::reveal)
        .contains("secret-key");
    assertThat(store.<List<Attachment>>read(tx -> tx.attachments(List.of()))).isEmpty();
  }

  // Change notifications.

  @Test
  void tellsListenersOfEachRouterAChangeCommitted() {
    List<String> heard = new CopyOnWriteArrayList<>();
    List<Boolean> visible = new CopyOnWriteArrayList<>();
    store.onRouterChanged(
        router -> {
          throw new IllegalStateException("a listener that fails");
        });
    store.onRouterChanged(
        router -> {
          heard.add(router);
          visible.add(store.read(tx -> tx.trunk("t1")).isPresent());
        });
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
    assertThat(heard).contains(ROUTER).doesNotContain(ROUTER_B);
    assertThat(visible).as("called after the commit").allMatch(seen -> seen);

    assertThatThrownBy(
            () ->
                write(
                    tx -> {
                      tx.insertTrunk(partnerTrunk("t2"), ROUTER_B);
                      throw new IllegalArgumentException("rolled back");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    write(tx -> tx.updateTrunk(partnerTrunk("t1").withStatus(ResourceStatus.UPDATING)));
    store.read(tx -> tx.trunk("t1"));
    assertThat(heard).as("a rollback, a change of status alone, a read").doesNotContain(ROUTER_B);
  }

  // Real concurrency: on SQLite the writers queue, on PostgreSQL they race on separate connections.

  @Test
  void oneOfSixteenClaimersOfAFreeRouterWins() throws Exception {
    int claimers = 16;
    CyclicBarrier start = new CyclicBarrier(claimers);
    ExecutorService threads = Executors.newFixedThreadPool(claimers);
    List<Future<OptionalLong>> claims = new ArrayList<>();
    for (int i = 0; i < claimers; i++) {
      String owner = "owner-" + i;
      claims.add(
          threads.submit(
              () -> {
                start.await();
                return store.write(
                    tx -> tx.claimRouter(ROUTER, owner, NOW, NOW.plusSeconds(30), false));
              }));
    }
    List<Long> epochs = new ArrayList<>();
    for (Future<OptionalLong> claim : claims) {
      claim.get().ifPresent(epochs::add);
    }
    threads.shutdown();
    assertThat(epochs).containsExactly(1L);
    assertThat(
            store.<Optional<RouterStatus>>read(tx -> tx.routerStatus(ROUTER)).orElseThrow().epoch())
        .isEqualTo(1);
  }

  @Test
  void reportsRacingDeletesNeverLeaveAnOrphanNorFail() throws Exception {
    long epoch =
        store
            .write(tx -> tx.claimRouter(ROUTER, "agent", NOW, NOW.plusSeconds(3600), false))
            .orElseThrow();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    long report = 0;
    try {
      for (int round = 0; round < 300; round++) {
        String trunkId = "t" + round;
        List<String> subjects = new ArrayList<>();
        write(
            tx -> {
              tx.insertTrunk(partnerTrunk(trunkId), ROUTER);
              for (int i = 0; i < 4; i++) {
                tx.insertAttachment(attachment(trunkId + "-a" + i, trunkId, 100 + i));
              }
            });
        for (int i = 0; i < 4; i++) {
          subjects.add(trunkId + "-a" + i);
        }
        subjects.add(trunkId);
        long reportSeq = ++report;
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> reporting =
            threads.submit(
                () -> {
                  start.await();
                  write(
                      tx -> {
                        tx.checkRouterOwner(ROUTER, epoch);
                        for (String subject : subjects) {
                          tx.saveObservation(observation(subject, 1, NOW), epoch, reportSeq);
                        }
                      });
                  return null;
                });
        Future<?> deleting =
            threads.submit(
                () -> {
                  start.await();
                  for (String subject : subjects) {
                    if (subject.equals(trunkId)) {
                      write(tx -> tx.deleteTrunk(subject));
                    } else {
                      write(tx -> tx.deleteAttachment(subject));
                    }
                  }
                  return null;
                });
        reporting.get();
        deleting.get();
      }
    } finally {
      threads.shutdown();
    }
    assertThat(rawCount("SELECT COUNT(*) FROM observations")).isZero();
    assertThat(rawCount("SELECT COUNT(*) FROM trunks")).isZero();
  }

  @Test
  void createsOnOneRouterGetGapFreeSequencesAndTheFeedNeverSkipsOne() throws Exception {
    write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
    int writers = 8;
    int each = 25;
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> problems = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
    Future<?> reader =
        threads.submit(
            () -> {
              long since = 0;
              while (true) {
                boolean last = !writing.get();
                since = catchUp(since, seen, problems);
                // After the last write, read on until the feed has nothing more to give.
                if (last && since >= seq(ROUTER)) {
                  return null;
                }
              }
            });
    CyclicBarrier start = new CyclicBarrier(writers);
    List<Future<?>> creates = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      creates.add(
          threads.submit(
              () -> {
                start.await();
                for (int i = 0; i < each; i++) {
                  Attachment attachment =
                      attachment("a-" + writer + "-" + i, "t1", 100 + writer * 100 + i);
                  write(tx -> tx.insertAttachment(attachment));
                }
                return null;
              }));
    }
    for (Future<?> create : creates) {
      create.get();
    }
    writing.set(false);
    reader.get();
    threads.shutdown();

    int created = writers * each;
    assertThat(problems).isEmpty();
    assertThat(seq(ROUTER)).isEqualTo(created + 1);
    assertThat(feed(ROUTER, 0))
        .extracting(NetworkChange::seq)
        .as("one sequence per change, without a gap")
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, created + 1).boxed().toList());
    assertThat(seen).hasSize(created + 1);
  }

  /**
   * Reads as an agent that keeps up: the sequence first, then the feed after {@code since}; every
   * change up to the sequence must be there, one after the other. Returns where to go on from.
   */
  private long catchUp(long since, Set<String> seen, List<String> problems) {
    return store.read(
        tx -> {
          long current = tx.routerStatus(ROUTER).orElseThrow().desiredSeq();
          List<NetworkChange> changes = tx.networkChanges(ROUTER, since, 20);
          long expected = since + 1;
          for (NetworkChange change : changes) {
            if (change.seq() <= current && change.seq() != expected) {
              problems.add("after " + since + " expected " + expected + ", got " + change.seq());
            }
            expected = change.seq() + 1;
            seen.add(change.subjectId());
          }
          boolean more = changes.size() == 20;
          if (!more && expected <= current) {
            problems.add("sequence " + current + " but the feed ends at " + (expected - 1));
          }
          return more ? changes.get(changes.size() - 1).seq() : current;
        });
  }

  // The migration of a store written before the network had its tables.

  @Test
  void placesWhatWasStoredBeforeTheNetworkHadItsTables() throws Exception {
    try (Connection old = newDatabaseAt("4");
        Statement sql = old.createStatement()) {
      sql.executeUpdate(
          "INSERT INTO routers (id, pop_id, name, router_id_address) VALUES"
              + " ('r-1', 'pop-1', 'one', '10.0.0.1'), ('r-2', 'pop-1', 'two', '10.0.0.2'),"
              + " ('r-3', 'pop-2', 'three', '10.0.0.3')");
      sql.executeUpdate(
          "INSERT INTO ports (id, name, pop_id, router_id, speed, bandwidth_mbps, transceiver,"
              + " device_name) VALUES ('p-1', 'et-0/0/1', 'pop-1', 'r-2', '10G', 10000,"
              + " 'BASE_10G_LR', 'two')");
      for (String[] trunk :
          new String[][] {
            {
              "t-port",
              "pop-1",
              "{\"type\":\"single_port\",\"port\":\"p-1\",\"transceiver\":" + "\"BASE_10G_LR\"}"
            },
            {"t-partner", "pop-1", "{\"type\":\"partner\",\"partner\":\"x\",\"serviceKey\":\"k\"}"},
            {"t-nowhere", "pop-9", "{\"type\":\"partner\",\"partner\":\"x\",\"serviceKey\":\"k\"}"}
          }) {
        sql.executeUpdate(
            "INSERT INTO trunks (id, scope, name, description, labels, pop_id, joint,"
                + " capacity_mbps, deletion_protection, status, created_at, revision, joint_kind)"
                + " VALUES ('"
                + trunk[0]
                + "', 's', '', '', '{}', '"
                + trunk[1]
                + "', '"
                + trunk[2]
                + "', 1000, 0, 'ACTIVE', 0, 3, 'PARTNER')");
      }
      sql.executeUpdate("INSERT INTO trunk_ports (trunk_id, port_id) VALUES ('t-port', 'p-1')");
      for (String[] attachment :
          new String[][] {{"a-1", "t-port", "100"}, {"a-2", "t-partner", "100"}}) {
        sql.executeUpdate(
            "INSERT INTO attachments (id, kind, scope, name, description, labels, trunk_id, vlan,"
                + " peering, static_routes, public_access, status, created_at, revision, subnet)"
                + " VALUES ('"
                + attachment[0]
                + "', 'PRIVATE', 's', '', '', '{}', '"
                + attachment[1]
                + "', "
                + attachment[2]
                + ", '{\"subnet\":\"169.254.0.0/30\",\"peerIp\":\"169.254.0.1\",\"cloudIp\":"
                + "\"169.254.0.2\",\"cloudAsn\":200350}', '[]', '{}', 'ACTIVE', 0, 2,"
                + " '169.254.0.0/30')");
      }
      sql.executeUpdate(
          "INSERT INTO observations (subject_id, applied_revision, failed_revision, failure,"
              + " conditions, prefixes_received, observed_at) VALUES"
              + " ('a-1', 2, 0, '', '[{\"type\":\"BGP_ESTABLISHED\",\"status\":\"TRUE\","
              + "\"reason\":\"Established\",\"message\":\"\",\"observedRevision\":2,"
              + "\"lastTransitionTime\":5000000000}]', 7, 6000000000),"
              + " ('t-port', 3, 0, '', '[]', 0, 6000000000),"
              + " ('gone', 1, 0, '', '[]', 0, 6000000000)");
    }
    store.close();
    store = openMigrated();

    store.read(
        tx -> {
          assertThat(tx.routerOf("t-port")).as("the router of its port").contains("r-2");
          assertThat(tx.routerOf("t-partner")).as("the first router of its pop").contains("r-1");
          assertThat(tx.routerOf("t-nowhere")).as("no router at its pop").isEmpty();
          assertThat(tx.routerOf("a-1")).contains("r-2");
          assertThat(tx.routerOf("a-2")).contains("r-1");
          assertThat(tx.routerStatus("r-1").orElseThrow().desiredSeq()).isEqualTo(2);
          assertThat(tx.routerStatus("r-2").orElseThrow().desiredSeq()).isEqualTo(2);
          assertThat(tx.routerStatus("r-3").orElseThrow().desiredSeq()).isZero();
          assertThat(tx.routerStatus("r-3").orElseThrow().owner()).isEmpty();
          assertThat(tx.networkChanges("r-2", 0, 10))
              .containsExactly(
                  change(1, "t-port", NetworkChange.Kind.TRUNK),
                  change(2, "a-1", NetworkChange.Kind.ATTACHMENT));
          assertThat(tx.trunksOnRouter("r-1")).extracting(Trunk::id).containsExactly("t-partner");
          assertThat(tx.port("p-1").orElseThrow().kernelInterface()).isEqualTo("et-0-0-1");
          assertThat(tx.router("r-1").orElseThrow().announcedPrefixes()).isEmpty();
          Observation observed = tx.observation("a-1").orElseThrow();
          assertThat(observed.appliedRevision()).isEqualTo(2);
          assertThat(observed.prefixesReceived()).isEqualTo(7);
          assertThat(observed.bgp())
              .contains(new BgpObservation("Established", Instant.ofEpochSecond(5), "", 7, 0));
          assertThat(tx.observation("t-port").orElseThrow().bgp()).isEmpty();
          assertThat(tx.observation("gone")).as("an orphan is not kept").isEmpty();
          return null;
        });
    write(tx -> tx.insertAttachment(attachment("a-3", "t-port", 101)));
    assertThat(seq("r-2")).isEqualTo(3);
    assertThat(store.<Boolean>write(tx -> tx.saveObservation(observation("a-1", 3, NOW), 1, 1)))
        .as("a report replaces what was observed before the migration")
        .isTrue();
    write(tx -> tx.deleteAttachment("a-1"));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("a-1"))).isEmpty();
    write(tx -> tx.deleteTrunk("t-nowhere"));
  }

  long rawCount(String query) throws Exception {
    try (Connection raw = rawConnection();
        Statement statement = raw.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
