package dev.junction.store;

import static dev.junction.store.Fixtures.PORT_1;
import static dev.junction.store.Fixtures.PORT_2;
import static dev.junction.store.Fixtures.PORT_3;
import static dev.junction.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Principal;
import dev.junction.core.access.PrincipalKind;
import dev.junction.core.access.Role;
import dev.junction.core.access.Tenant;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionStatus;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueKey;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.TicketSpec;
import dev.junction.core.ticket.TicketStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, whatever its engine: keep every record as written, enforce every
 * uniqueness rule, page in a stable order, and lease operations so that none is run twice or lost.
 * Each engine runs this suite through a subclass.
 */
abstract class StoreContractTest {
  protected Store store;

  /** Returns a new, empty store. */
  protected abstract Store newStore() throws Exception;

  /** Returns the store {@link #newStore} made, opened again with the key ring {@code cipher}. */
  protected abstract Store reopen(SecretCipher cipher) throws Exception;

  /** Returns a plain JDBC connection to the store {@link #newStore} made, to look at raw rows. */
  protected abstract Connection rawConnection() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
    Fixtures.loadCatalogue(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void write(Consumer<dev.junction.core.store.WriteTx> work) {
    store.write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  @Test
  void keepsTheCatalogueAndReplacesItemsById() {
    assertThat(
            store.<Optional<dev.junction.core.catalogue.PointOfPresence>>read(
                tx -> tx.pointOfPresence(Fixtures.POP)))
        .get()
        .satisfies(
            pop -> {
              assertThat(pop.facilityAddress()).containsExactly("Street 1", "City");
              assertThat(pop.connectionPoints()).containsExactly("MMR 1");
            });
    Fixtures.loadCatalogue(store);
    assertThat(store.<List<dev.junction.core.catalogue.Port>>read(tx -> tx.portsAt(Fixtures.POP)))
        .hasSize(3);
    assertThat(store.<List<dev.junction.core.catalogue.Router>>read(tx -> tx.routers()))
        .extracting(r -> r.id())
        .containsExactly(Fixtures.ROUTER);
    assertThat(
            store.<Optional<dev.junction.core.catalogue.Partner>>read(
                tx -> tx.partner("partner-a")))
        .get()
        .satisfies(p -> assertThat(p.up()).isTrue());
  }

  @Test
  void roundTripsTrunksOfEveryJoint() {
    Trunk single = Fixtures.trunk("t-single", "scope-a", "single", PORT_1);
    Trunk lag =
        Fixtures.trunk(
            "t-lag",
            "scope-a",
            "lag",
            new Joint.Lag(List.of(PORT_2, PORT_3), TransceiverType.BASE_10G_LR));
    Trunk partner =
        Fixtures.trunk("t-partner", "scope-a", "", new Joint.ViaPartner("partner-a", "key-1"));
    write(tx -> List.of(single, lag, partner).forEach(t -> tx.insertTrunk(t, Fixtures.ROUTER)));

    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t-single"))).contains(single);
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t-lag"))).contains(lag);
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t-partner"))).contains(partner);
    assertThat(store.<Optional<String>>read(tx -> tx.trunkHoldingPort(PORT_3))).contains("t-lag");
    assertThat(store.<List<Trunk>>read(tx -> tx.trunksOnRouter(Fixtures.ROUTER)))
        .as("every trunk placed on the router, a partner's too, ordered by id")
        .extracting(Trunk::id)
        .containsExactly("t-lag", "t-partner", "t-single");
    assertThat(store.<List<Trunk>>read(tx -> tx.trunks(List.of("t-lag", "t-single", "t-none"))))
        .extracting(Trunk::id)
        .containsExactlyInAnyOrder("t-lag", "t-single");
    assertThat(
            store.<List<dev.junction.core.catalogue.Port>>read(tx -> tx.freePortsAt(Fixtures.POP)))
        .isEmpty();
    assertThat(store.<Integer>read(tx -> tx.countTrunks("scope-a"))).isEqualTo(3);
  }

  @Test
  void roundTripsAttachmentsWithAndWithoutOptionalParts() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "t1", PORT_1), Fixtures.ROUTER));
    Attachment full = Fixtures.attachment("a-full", "scope-a", "full", "t1", 100);
    Attachment bare =
        new Attachment(
            "a-bare",
            AttachmentKind.PUBLIC,
            "scope-a",
            "",
            "",
            dev.junction.core.resource.Labels.EMPTY,
            "t1",
            Optional.empty(),
            new dev.junction.core.attachment.Peering(
                full.peering().subnet(),
                full.peering().peerIp(),
                full.peering().cloudIp(),
                full.peering().peerAsn(),
                full.peering().cloudAsn(),
                Optional.empty()),
            List.of(),
            new dev.junction.core.attachment.PublicAccess(
                List.of("S3"), List.of(dev.junction.core.net.Ipv4Prefix.of("198.51.100.0/24"))),
            new dev.junction.core.attachment.Routing(
                1500, List.of(dev.junction.core.net.Ipv4Prefix.of("0.0.0.0/0")), false),
            ResourceStatus.ACTIVE,
            T0,
            7);
    write(
        tx -> {
          tx.insertAttachment(full);
          tx.insertAttachment(bare);
        });
    assertThat(store.<Optional<Attachment>>read(tx -> tx.attachment("a-full"))).contains(full);
    assertThat(store.<Optional<Attachment>>read(tx -> tx.attachment("a-bare"))).contains(bare);
    assertThat(store.<Integer>read(tx -> tx.countAttachments("t1"))).isEqualTo(2);
    assertThat(store.<Integer>read(tx -> tx.countAttachments("t1", AttachmentKind.PUBLIC)))
        .isEqualTo(1);
    assertThat(store.<List<Attachment>>read(tx -> tx.attachmentsOnTrunks(List.of("t1", "t-none"))))
        .hasSize(2);
  }

  @Test
  void roundTripsTicketsAndObservations() {
    Ticket ticket =
        new Ticket(
            "tk1",
            "scope-a",
            TicketStatus.PENDING_SUPPORT,
            "user-1",
            "SUP-1",
            Optional.empty(),
            new TicketSpec(
                "trunk",
                "",
                dev.junction.core.catalogue.Bandwidth.gbps(10),
                Fixtures.POP,
                "please",
                dev.junction.core.resource.Labels.EMPTY,
                true),
            T0,
            T0,
            T0.plusSeconds(3600));
    write(tx -> tx.insertTicket(ticket));
    assertThat(store.<Optional<Ticket>>read(tx -> tx.ticket("tk1"))).contains(ticket);
    Ticket approved = ticket.settled(TicketStatus.APPROVED, Optional.of("t9"), T0.plusSeconds(5));
    write(tx -> tx.updateTicket(approved));
    assertThat(store.<Optional<Ticket>>read(tx -> tx.ticket("tk1"))).contains(approved);

    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    Observation observation =
        new Observation(
            "t1",
            3,
            "hash-3",
            2,
            "refused",
            List.of(
                new Condition(ConditionType.LINK_UP, ConditionStatus.TRUE, "LinkUp", "", 3, T0)),
            Optional.empty(),
            T0);
    write(tx -> tx.saveObservation(observation, 1, 1));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(observation);
    Observation later =
        new Observation(
            "t1", 4, "hash-4", 2, "refused", List.of(), Optional.empty(), T0.plusSeconds(1));
    write(tx -> tx.saveObservation(later, 1, 2));
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).contains(later);
  }

  @Test
  void roundTripsOperationsWithTheirResultsAndErrors() {
    Attachment attachment = Fixtures.attachment("a1", "scope-a", "n", "t1", 100);
    Operation pending = Fixtures.operation("op-1", "a1", T0);
    write(tx -> tx.insertOperation(pending));
    assertThat(store.<Optional<Operation>>read(tx -> tx.operation("op-1"))).contains(pending);

    Operation succeeded =
        pending.succeeded(new ResourceState.OfAttachment(attachment), T0.plusSeconds(1));
    Operation failed =
        Fixtures.operation("op-2", "a1", T0)
            .failed(
                new Problem.InvalidArgument(List.of(new FieldViolation("vlan", "is required"))),
                T0.plusSeconds(1));
    Operation withTrunk =
        Fixtures.operation("op-3", "t1", T0)
            .succeeded(new ResourceState.OfTrunk(Fixtures.trunk("t1", "s", "n", PORT_1)), T0);
    Operation nothing = Fixtures.operation("op-4", "a1", T0).succeeded(ResourceState.NOTHING, T0);
    write(
        tx -> {
          tx.updateOperation(succeeded);
          tx.insertOperation(failed);
          tx.insertOperation(withTrunk);
          tx.insertOperation(nothing);
        });
    assertThat(store.<Optional<Operation>>read(tx -> tx.operation("op-1"))).contains(succeeded);
    assertThat(store.<Optional<Operation>>read(tx -> tx.operation("op-2"))).contains(failed);
    assertThat(store.<Optional<Operation>>read(tx -> tx.operation("op-3"))).contains(withTrunk);
    assertThat(store.<Optional<Operation>>read(tx -> tx.operation("op-4"))).contains(nothing);
    for (Problem problem :
        List.<Problem>of(
            new Problem.NotFound("trunk", "t"),
            new Problem.AlreadyExists("name", "taken"),
            new Problem.FailedPrecondition("busy"),
            new Problem.Aborted("raced"),
            new Problem.ResourceExhausted("full"),
            new Problem.PermissionDenied("no"),
            new Problem.Unauthenticated("who"),
            new Problem.Cancelled("stop"),
            new Problem.DeadlineExceeded("late"),
            new Problem.Unavailable("down"))) {
      String id = "op-" + problem.getClass().getSimpleName();
      Operation operation = Fixtures.operation(id, "a1", T0).failed(problem, T0);
      write(tx -> tx.insertOperation(operation));
      assertThat(store.<Optional<Operation>>read(tx -> tx.operation(id))).contains(operation);
    }
  }

  @Test
  void enforcesEveryUniquenessRule() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    assertViolates(
        UniqueKey.TRUNK_NAME,
        () ->
            write(
                tx ->
                    tx.insertTrunk(
                        Fixtures.trunk("t2", "scope-a", "trunk", PORT_2), Fixtures.ROUTER)));
    assertViolates(
        UniqueKey.PORT,
        () ->
            write(
                tx ->
                    tx.insertTrunk(
                        Fixtures.trunk("t2", "scope-a", "other", PORT_1), Fixtures.ROUTER)));
    assertViolates(
        UniqueKey.ID,
        () ->
            write(
                tx ->
                    tx.insertTrunk(Fixtures.trunk("t1", "scope-b", "x", PORT_3), Fixtures.ROUTER)));
    write(tx -> tx.insertTrunk(Fixtures.trunk("t2", "scope-b", "trunk", PORT_2), Fixtures.ROUTER));

    write(tx -> tx.insertAttachment(Fixtures.attachment("a1", "scope-a", "conn", "t1", 100)));
    assertViolates(
        UniqueKey.ATTACHMENT_NAME,
        () ->
            write(
                tx ->
                    tx.insertAttachment(Fixtures.attachment("a2", "scope-a", "conn", "t1", 101))));
    assertViolates(
        UniqueKey.VLAN,
        () ->
            write(
                tx ->
                    tx.insertAttachment(Fixtures.attachment("a2", "scope-a", "other", "t1", 100))));
    write(
        tx -> {
          tx.insertAttachment(Fixtures.attachment("a2", "scope-b", "conn", "t1", 101));
          tx.insertAttachment(Fixtures.attachment("a3", "scope-a", "other", "t2", 100));
          tx.insertAttachment(Fixtures.attachment("a4", "scope-a", "", "t1", 102));
          tx.insertAttachment(Fixtures.attachment("a5", "scope-a", "", "t1", 103));
          tx.insertAttachment(Fixtures.attachment("a6", "scope-a", "no-vlan-1", "t1", null));
          tx.insertAttachment(Fixtures.attachment("a7", "scope-a", "no-vlan-2", "t1", null));
        });

    Operation keyed = withKey(Fixtures.operation("op-1", "a1", T0), "key-1");
    write(tx -> tx.insertOperation(keyed));
    assertViolates(
        UniqueKey.IDEMPOTENCY_KEY,
        () ->
            write(
                tx -> tx.insertOperation(withKey(Fixtures.operation("op-2", "a1", T0), "key-1"))));
    assertThat(
            store.<Optional<Operation>>read(tx -> tx.operationByIdempotencyKey("admin", "key-1")))
        .contains(keyed);
    assertThat(
            store.<Optional<Operation>>read(
                tx -> tx.operationByIdempotencyKey("someone-else", "key-1")))
        .isEmpty();
  }

  @Test
  void goesOnAfterAnAttachmentInsertBreaksARule() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    write(tx -> tx.insertAttachment(Fixtures.attachment("a1", "scope-a", "conn", "t1", 100)));
    write(
        tx -> {
          assertViolates(
              UniqueKey.VLAN,
              () -> tx.insertAttachment(Fixtures.attachment("a2", "scope-a", "other", "t1", 100)));
          tx.insertAttachment(Fixtures.attachment("a2", "scope-a", "other", "t1", 101));
        });
    assertThat(store.<Optional<Attachment>>read(tx -> tx.attachment("a2")))
        .hasValueSatisfying(a -> assertThat(a.vlan()).contains(new VlanId(101)));
  }

  @Test
  void rollsBackTheWholeTransactionOnAViolation() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    assertViolates(
        UniqueKey.TRUNK_NAME,
        () ->
            write(
                tx -> {
                  tx.insertAttachment(Fixtures.attachment("a1", "scope-a", "conn", "t1", 100));
                  tx.insertTrunk(Fixtures.trunk("t2", "scope-a", "trunk", PORT_2), Fixtures.ROUTER);
                }));
    assertThat(store.<Optional<Attachment>>read(tx -> tx.attachment("a1"))).isEmpty();
    assertThat(store.<Optional<String>>read(tx -> tx.trunkHoldingPort(PORT_2))).isEmpty();
  }

  @Test
  void freesPortsAndObservationsWhenATrunkIsDeleted() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    write(tx -> tx.saveObservation(Observation.none("t1", T0), 1, 1));
    write(tx -> tx.deleteTrunk("t1"));
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t1"))).isEmpty();
    assertThat(store.<Optional<Observation>>read(tx -> tx.observation("t1"))).isEmpty();
    assertThat(
            store.<List<dev.junction.core.catalogue.Port>>read(tx -> tx.freePortsAt(Fixtures.POP)))
        .hasSize(3);
    write(tx -> tx.insertTrunk(Fixtures.trunk("t2", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
  }

  @Test
  void pagesInInsertionOrderWithACursor() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "t1", PORT_1), Fixtures.ROUTER));
    write(
        tx -> {
          for (int i = 0; i < 5; i++) {
            tx.insertAttachment(
                Fixtures.attachment("a" + i, "scope-a", "conn-" + i, "t1", 100 + i));
          }
        });
    AttachmentQuery query =
        AttachmentQuery.inScope(AttachmentKind.PRIVATE, "scope-a", NameFilter.ALL);
    Page<Attachment> first =
        store.read(tx -> tx.attachments(query, new PageRequest(2, Optional.empty())));
    assertThat(first.items()).extracting(Attachment::id).containsExactly("a0", "a1");
    assertThat(first.next()).isPresent();
    Page<Attachment> second =
        store.read(tx -> tx.attachments(query, new PageRequest(2, first.next())));
    assertThat(second.items()).extracting(Attachment::id).containsExactly("a2", "a3");
    Page<Attachment> last =
        store.read(tx -> tx.attachments(query, new PageRequest(2, second.next())));
    assertThat(last.items()).extracting(Attachment::id).containsExactly("a4");
    assertThat(last.next()).isEmpty();
    Page<Attachment> exact =
        store.read(tx -> tx.attachments(query, new PageRequest(5, Optional.empty())));
    assertThat(exact.items()).hasSize(5);
    assertThat(exact.next()).as("a full last page has no next cursor").isEmpty();

    assertThat(
            store.<Page<Attachment>>read(
                tx ->
                    tx.attachments(
                        AttachmentQuery.inScope(
                            AttachmentKind.PRIVATE,
                            "scope-a",
                            new NameFilter(
                                Optional.of(Set.of("conn-1", "conn-3", "conn-4")),
                                Set.of("conn-4"))),
                        PageRequest.first())))
        .extracting(p -> p.items().stream().map(Attachment::id).toList())
        .isEqualTo(List.of("a1", "a3"));
    assertThat(
            store
                .<Page<Attachment>>read(
                    tx ->
                        tx.attachments(
                            AttachmentQuery.onTrunk(AttachmentKind.PUBLIC, "t1", NameFilter.ALL),
                            PageRequest.first()))
                .items())
        .isEmpty();
  }

  @Test
  void listsOperationsOfAResourceNewestFirst() {
    write(
        tx -> {
          for (int i = 0; i < 5; i++) {
            tx.insertOperation(Fixtures.operation("op-" + i, "a1", T0.plusSeconds(i)));
          }
          tx.insertOperation(Fixtures.operation("op-other", "a2", T0));
        });
    Page<Operation> first =
        store.read(tx -> tx.operationsOf("a1", new PageRequest(3, Optional.empty())));
    assertThat(first.items()).extracting(Operation::id).containsExactly("op-4", "op-3", "op-2");
    Page<Operation> rest =
        store.read(tx -> tx.operationsOf("a1", new PageRequest(3, first.next())));
    assertThat(rest.items()).extracting(Operation::id).containsExactly("op-1", "op-0");
    assertThat(rest.next()).isEmpty();
  }

  @Test
  void leasesAnOperationToOneWorkerUntilTheLeaseExpires() {
    write(tx -> tx.insertOperation(Fixtures.operation("op-1", "a1", T0)));
    Instant now = T0.plusSeconds(1);
    List<Operation> claimed =
        store.write(tx -> tx.claimOperations("w1", now, now.plusSeconds(10), 10));
    assertThat(claimed).extracting(Operation::id).containsExactly("op-1");
    assertThat(
            store.<List<Operation>>write(
                tx -> tx.claimOperations("w2", now, now.plusSeconds(10), 10)))
        .isEmpty();
    assertThatThrownBy(() -> write(tx -> tx.checkLease("op-1", "w2")))
        .isInstanceOf(LeaseLost.class);
    write(tx -> tx.checkLease("op-1", "w1"));

    Instant later = now.plusSeconds(11);
    assertThat(
            store.<List<Operation>>write(
                tx -> tx.claimOperations("w2", later, later.plusSeconds(10), 10)))
        .as("an expired lease is free")
        .extracting(Operation::id)
        .containsExactly("op-1");
    assertThatThrownBy(() -> write(tx -> tx.checkLease("op-1", "w1")))
        .isInstanceOf(LeaseLost.class);
    assertThatThrownBy(
            () ->
                write(
                    tx ->
                        tx.completeOperation(
                            Fixtures.operation("op-1", "a1", T0)
                                .succeeded(ResourceState.NOTHING, later),
                            "w1")))
        .isInstanceOf(LeaseLost.class);
  }

  @Test
  void releasesAnOperationUntilItIsDueAgain() {
    write(tx -> tx.insertOperation(Fixtures.operation("op-1", "a1", T0)));
    Instant now = T0.plusSeconds(1);
    store.write(tx -> tx.claimOperations("w1", now, now.plusSeconds(10), 10));
    write(tx -> tx.releaseOperation("op-1", "w1", now.plusSeconds(5)));
    assertThat(
            store.<List<Operation>>write(
                tx -> tx.claimOperations("w2", now.plusSeconds(4), now.plusSeconds(14), 10)))
        .isEmpty();
    assertThat(
            store.<List<Operation>>write(
                tx -> tx.claimOperations("w2", now.plusSeconds(5), now.plusSeconds(15), 10)))
        .hasSize(1);
  }

  @Test
  void neverClaimsAFinishedOperation() {
    write(tx -> tx.insertOperation(Fixtures.operation("op-1", "a1", T0)));
    Instant now = T0.plusSeconds(1);
    store.write(tx -> tx.claimOperations("w1", now, now.plusSeconds(10), 10));
    write(
        tx ->
            tx.completeOperation(
                Fixtures.operation("op-1", "a1", T0).succeeded(ResourceState.NOTHING, now), "w1"));
    assertThat(
            store.<List<Operation>>write(
                tx -> tx.claimOperations("w2", now.plusSeconds(60), now.plusSeconds(70), 10)))
        .isEmpty();
    assertThat(store.<List<Operation>>read(tx -> tx.unfinishedOperations(10))).isEmpty();
  }

  @Test
  void twoWorkersFinishEveryOperationExactlyOnce() throws Exception {
    int count = 300;
    write(
        tx -> {
          for (int i = 0; i < count; i++) {
            tx.insertOperation(Fixtures.operation("op-" + i, "r-" + i, T0));
          }
        });
    Set<String> finished = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(2);
    List<Future<?>> runs = new ArrayList<>();
    for (String worker : List.of("w1", "w2")) {
      runs.add(
          workers.submit(
              () -> {
                while (true) {
                  Instant now = Instant.now();
                  List<Operation> claimed =
                      store.write(tx -> tx.claimOperations(worker, now, now.plusSeconds(60), 7));
                  if (claimed.isEmpty()) {
                    return null;
                  }
                  for (Operation operation : claimed) {
                    store.write(
                        tx -> {
                          tx.checkLease(operation.id(), worker);
                          tx.completeOperation(
                              operation.succeeded(ResourceState.NOTHING, now), worker);
                          return null;
                        });
                    if (!finished.add(operation.id())) {
                      duplicates.incrementAndGet();
                    }
                  }
                }
              }));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    workers.shutdown();
    assertThat(duplicates).hasValue(0);
    assertThat(finished).hasSize(count);
    assertThat(store.<List<Operation>>read(tx -> tx.unfinishedOperations(10))).isEmpty();
  }

  @Test
  void listsFailedOperationsNewestFirstWithinTheGivenScopes() {
    Problem problem = new Problem.FailedPrecondition("the router refused it");
    write(
        tx -> {
          tx.insertOperation(Fixtures.operation("op-1", "r-1", T0).failed(problem, T0));
          tx.insertOperation(
              Fixtures.operation("op-2", "r-2", T0).succeeded(ResourceState.NOTHING, T0));
          tx.insertOperation(inScope(Fixtures.operation("op-3", "r-3", T0), "scope-b"));
          tx.insertOperation(Fixtures.operation("op-4", "r-4", T0));
        });
    write(
        tx ->
            tx.updateOperation(
                inScope(Fixtures.operation("op-3", "r-3", T0), "scope-b").failed(problem, T0)));

    assertThat(
            store.<List<Operation>>read(tx -> tx.failedOperations(Optional.empty(), 10)).stream()
                .map(Operation::id))
        .containsExactly("op-3", "op-1");
    assertThat(
            store.<List<Operation>>read(tx -> tx.failedOperations(Optional.empty(), 1)).stream()
                .map(Operation::id))
        .containsExactly("op-3");
    assertThat(
            store.<List<Operation>>read(
                tx -> tx.failedOperations(Optional.of(Set.of("scope-a", "scope-c")), 10)))
        .singleElement()
        .satisfies(
            operation -> {
              assertThat(operation.id()).isEqualTo("op-1");
              assertThat(operation.error()).contains(problem);
            });
    assertThat(store.<List<Operation>>read(tx -> tx.failedOperations(Optional.of(Set.of()), 10)))
        .isEmpty();
  }

  private static Operation inScope(Operation operation, String scope) {
    return new Operation(
        operation.id(),
        operation.resourceType(),
        operation.resourceId(),
        operation.verb(),
        scope,
        operation.description(),
        operation.createdBy(),
        operation.createdAt(),
        operation.modifiedAt(),
        operation.deadline(),
        operation.done(),
        operation.error(),
        operation.response(),
        operation.previous(),
        operation.targetRevision(),
        operation.cancelRequested(),
        operation.idempotencyKey());
  }

  @Test
  void readsTheLastCommittedState() {
    write(tx -> tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER));
    Trunk updated =
        Fixtures.trunk("t1", "scope-b", "renamed", PORT_1).withStatus(ResourceStatus.UPDATING);
    write(tx -> tx.updateTrunk(updated));
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t1"))).contains(updated);
    assertThatThrownBy(
            () -> write(tx -> tx.updateTrunk(Fixtures.trunk("missing", "s", "n", PORT_2))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Operation withKey(Operation operation, String key) {
    return new Operation(
        operation.id(),
        operation.resourceType(),
        operation.resourceId(),
        operation.verb(),
        operation.scope(),
        operation.description(),
        operation.createdBy(),
        operation.createdAt(),
        operation.modifiedAt(),
        operation.deadline(),
        operation.done(),
        operation.error(),
        operation.response(),
        operation.previous(),
        operation.targetRevision(),
        operation.cancelRequested(),
        Optional.of(key));
  }

  private static void assertViolates(UniqueKey key, Runnable write) {
    assertThatThrownBy(write::run)
        .isInstanceOfSatisfying(UniqueViolation.class, e -> assertThat(e.key()).isEqualTo(key));
  }

  // Tenants, principals, credentials and the audit log.

  private static final Instant T1 = T0.plusSeconds(60);

  private void identities() {
    write(
        tx -> {
          tx.insertTenant(new Tenant("tnt-a", "acme", T0));
          tx.insertScope("folder-a", "tnt-a");
          tx.insertPrincipal(
              new Principal(
                  "prn-1",
                  "tnt-a",
                  PrincipalKind.USER,
                  "ann",
                  Optional.of("ann@acme.test"),
                  false,
                  T0));
          tx.insertGrant(new Grant("prn-1", "folder-a", Role.EDITOR));
          tx.insertGrant(new Grant("prn-1", "folder-a", Role.EDITOR));
          tx.insertToken(
              new ApiToken("tok-1", "prn-1", "ci", T0, Optional.of(T1), Optional.empty()),
              "digest-1");
          tx.saveGlobalKeyDigest("prn-1", "key-digest");
        });
  }

  @Test
  void keepsTenantsPrincipalsGrantsAndTokens() {
    identities();
    store.read(
        tx -> {
          assertThat(tx.tenant("tnt-a")).contains(new Tenant("tnt-a", "acme", T0));
          assertThat(tx.scopeOwner("folder-a")).contains("tnt-a");
          assertThat(tx.scopesOf("tnt-a")).containsExactly("folder-a");
          assertThat(tx.principalByEmail("ann@acme.test")).map(Principal::id).contains("prn-1");
          assertThat(tx.grantsOf("prn-1"))
              .containsExactly(new Grant("prn-1", "folder-a", Role.EDITOR));
          assertThat(tx.tokenByDigest("digest-1"))
              .map(ApiToken::expiresAt)
              .contains(Optional.of(T1));
          assertThat(tx.globalKeyDigest("prn-1")).contains("key-digest");
          assertThat(tx.tokens(Optional.of("prn-1"))).hasSize(1);
          return null;
        });
    write(tx -> tx.revokeToken("tok-1", T1));
    assertThat(store.read(tx -> tx.token("tok-1")).orElseThrow().revokedAt()).contains(T1);
    Boolean removed =
        store.<Boolean>write(tx -> tx.deleteGrant(new Grant("prn-1", "folder-a", Role.EDITOR)));
    assertThat(removed).isTrue();
  }

  @Test
  void keepsProviderSettings() {
    assertThat(store.<Optional<String>>read(tx -> tx.providerSetting("cni.p2pPool"))).isEmpty();
    write(tx -> tx.saveProviderSetting("cni.p2pPool", "10.0.0.0/24"));
    write(tx -> tx.saveProviderSetting("cni.p2pPool", "10.1.0.0/24"));
    assertThat(store.<Optional<String>>read(tx -> tx.providerSetting("cni.p2pPool")))
        .contains("10.1.0.0/24");
  }

  @Test
  void refusesASecondOwnerOfAScopeAndASecondPrincipalWithAnEmail() {
    identities();
    write(tx -> tx.insertTenant(new Tenant("tnt-b", "rival", T0)));
    assertThatThrownBy(() -> write(tx -> tx.insertScope("folder-a", "tnt-b")))
        .isInstanceOfSatisfying(
            UniqueViolation.class, e -> assertThat(e.key()).isEqualTo(UniqueKey.SCOPE));
    assertThatThrownBy(
            () ->
                write(
                    tx ->
                        tx.insertPrincipal(
                            new Principal(
                                "prn-2",
                                "tnt-b",
                                PrincipalKind.USER,
                                "bob",
                                Optional.of("ann@acme.test"),
                                false,
                                T0))))
        .isInstanceOfSatisfying(
            UniqueViolation.class, e -> assertThat(e.key()).isEqualTo(UniqueKey.PRINCIPAL_EMAIL));
  }

  private static AuditEvent event(int second, String principal) {
    return new AuditEvent(
        T0.plusSeconds(second),
        principal,
        "tnt-a",
        "POST /x",
        "r" + second,
        "req",
        "127.0.0.1",
        "ok");
  }

  @Test
  void pagesTheAuditLogNewestFirstAndKeepsItAppendOnly() throws Exception {
    write(
        tx -> {
          tx.appendAudit(event(1, "prn-1"));
          tx.appendAudit(event(2, "prn-2"));
          tx.appendAudit(event(3, "prn-1"));
        });
    Page<AuditEvent> first =
        store.read(tx -> tx.auditEvents(AuditQuery.ALL, new PageRequest(2, Optional.empty())));
    assertThat(first.items()).extracting(AuditEvent::resource).containsExactly("r3", "r2");
    Page<AuditEvent> second =
        store.read(tx -> tx.auditEvents(AuditQuery.ALL, new PageRequest(2, first.next())));
    assertThat(second.items()).extracting(AuditEvent::resource).containsExactly("r1");
    assertThat(
            store
                .read(
                    tx ->
                        tx.auditEvents(
                            new AuditQuery(
                                Optional.of("prn-1"),
                                Optional.empty(),
                                Optional.of(T0.plusSeconds(2))),
                            PageRequest.first()))
                .items())
        .extracting(AuditEvent::resource)
        .containsExactly("r3");
    try (Connection raw = rawConnection();
        Statement statement = raw.createStatement()) {
      assertThatThrownBy(
              () -> statement.executeUpdate("UPDATE audit_events SET outcome = 'forged'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_events"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void sealsMd5KeysAtRestAndRewrapsThemUnderANewKey() throws Exception {
    byte[] oldKey = SecretCipher.newKey();
    byte[] newKey = SecretCipher.newKey();
    store.close();
    store = reopen(SecretCipher.of("old", Map.of("old", oldKey)));
    Attachment attachment = Fixtures.attachment("a1", "scope-a", "pc", "t1", 100);
    write(
        tx -> {
          tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "trunk", PORT_1), Fixtures.ROUTER);
          tx.insertAttachment(attachment);
          tx.insertOperation(
              Fixtures.operation("op-1", "a1", new ResourceState.OfAttachment(attachment)));
        });
    assertThat(rawSecrets()).isNotEmpty().allMatch(value -> value.contains("v1:old:"));
    assertThat(String.join(" ", rawSecrets())).doesNotContain("secret-key");

    store.close();
    JdbcStore rotated =
        (JdbcStore) reopen(SecretCipher.of("new", Map.of("old", oldKey, "new", newKey)));
    store = rotated;
    assertThat(rotated.rewrapSecrets()).isEqualTo(2);
    assertThat(rawSecrets())
        .allMatch(value -> value.contains("v1:new:") && !value.contains("v1:old:"));

    store.close();
    store = reopen(SecretCipher.of("new", Map.of("new", newKey)));
    assertThat(store.read(tx -> tx.attachment("a1")).orElseThrow().peering().md5Key())
        .map(Md5Key::reveal)
        .contains("secret-key");
    assertThat(store.read(tx -> tx.operation("op-1")).orElseThrow().previous())
        .isEqualTo(new ResourceState.OfAttachment(attachment));

    store.close();
    store = reopen(SecretCipher.of("other", Map.of("other", SecretCipher.newKey())));
    assertThatThrownBy(() -> store.read(tx -> tx.attachment("a1")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("\"new\"")
        .hasMessageNotContaining("secret-key");
  }

  private List<String> rawSecrets() throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection raw = rawConnection();
        Statement statement = raw.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT md5_key FROM attachments UNION ALL SELECT previous FROM operations")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
