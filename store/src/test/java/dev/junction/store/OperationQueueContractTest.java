package dev.junction.store;

import static dev.junction.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.operation.DueOperation;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operation worker needs of every store's queue, whatever its engine: fair claims, a last
 * write fenced by the lease, a durable count of failed attempts, renewals by the holder only, the
 * time the next operation is due, and a word to listeners when operations become due.
 */
abstract class OperationQueueContractTest {
  private static final Duration LEASE = Duration.ofSeconds(10);

  protected Store store;

  /** Returns a new, empty store. */
  protected abstract Store newStore() throws Exception;

  /** Returns the store {@link #newStore} made, opened again. */
  protected abstract Store reopen() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void write(Consumer<WriteTx> work) {
    store.write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  private List<Operation> claim(String worker, Instant now, int limit) {
    return store.write(tx -> tx.claimOperations(worker, now, now.plus(LEASE), limit));
  }

  private List<DueOperation> due(Instant now) {
    return store.read(tx -> tx.dueOperations(now, 10));
  }

  private Optional<Operation> claimOne(String id, String worker, Instant now) {
    return store.write(tx -> tx.claimOperation(id, worker, now, now.plus(LEASE)));
  }

  /** Returns an unfinished operation in {@code scope}, due from {@code at}. */
  private static Operation operation(String id, String scope, Instant at) {
    Operation plain = Fixtures.operation(id, "r-" + id, at);
    return new Operation(
        plain.id(),
        plain.resourceType(),
        plain.resourceId(),
        plain.verb(),
        scope,
        plain.description(),
        plain.createdBy(),
        plain.createdAt(),
        plain.modifiedAt(),
        plain.deadline(),
        false,
        Optional.empty(),
        Optional.empty(),
        plain.previous(),
        plain.targetRevision(),
        false,
        Optional.empty());
  }

  @Test
  void claimsTheFirstOperationOfEveryScopeBeforeTheRestOfABurst() {
    write(
        tx -> {
          for (int i = 0; i < 200; i++) {
            tx.insertOperation(operation("a-" + i, "tenant-a", T0.plusMillis(i)));
          }
          tx.insertOperation(operation("b-0", "tenant-b", T0.plusSeconds(1)));
          tx.insertOperation(operation("c-0", "tenant-c", T0.plusSeconds(2)));
        });
    List<Operation> first = claim("w1", T0.plusSeconds(3), 32);
    assertThat(first).hasSize(32);
    assertThat(first).extracting(Operation::id).contains("b-0", "c-0", "a-0", "a-29");
    assertThat(first).extracting(Operation::id).doesNotContain("a-30");
    assertThat(claim("w2", T0.plusSeconds(3), 200))
        .as("the rest of the burst is claimed later, oldest first")
        .hasSize(170)
        .first()
        .extracting(Operation::id)
        .isEqualTo("a-30");
  }

  @Test
  void readsWhatIsDueInClaimOrderAndClaimsOneOnlyWhileItIsFree() {
    write(
        tx -> {
          tx.insertOperation(operation("a-0", "tenant-a", T0));
          tx.insertOperation(operation("a-1", "tenant-a", T0.plusMillis(1)));
          tx.insertOperation(operation("b-0", "tenant-b", T0.plusMillis(2)));
          tx.insertOperation(operation("later", "tenant-c", T0.plusSeconds(60)));
        });
    Instant now = T0.plusSeconds(1);
    assertThat(due(now))
        .extracting(DueOperation::id)
        .as("the scopes take turns; an operation not yet due is left out")
        .containsExactly("a-0", "b-0", "a-1");

    long commits = ((JdbcStore) store).commits();
    assertThat(due(now)).hasSize(3);
    assertThat(((JdbcStore) store).commits())
        .as("reading what is due writes nothing")
        .isEqualTo(commits);

    assertThat(claimOne("a-0", "w1", now)).get().extracting(Operation::id).isEqualTo("a-0");
    assertThat(claimOne("a-0", "w2", now)).as("held by w1").isEmpty();
    assertThat(claimOne("later", "w2", now)).as("not yet due").isEmpty();
    assertThat(due(now))
        .extracting(DueOperation::id)
        .as("a claimed operation is no longer due; a-1 is now its scope's first")
        .containsExactly("a-1", "b-0");
    Instant expired = now.plus(LEASE).plusSeconds(1);
    assertThat(claimOne("a-0", "w2", expired)).as("the lease of w1 expired").isPresent();
    assertThatThrownBy(() -> write(tx -> tx.releaseOperation("a-0", "w1", expired)))
        .isInstanceOf(LeaseLost.class);
  }

  @Test
  void aLastWriteAfterTheLeaseWasTakenOverUndoesTheWholeStep() {
    write(tx -> tx.insertOperation(operation("op-1", "tenant-a", T0)));
    claim("w1", T0, 10);
    Instant later = T0.plus(LEASE).plusSeconds(1);
    assertThat(claim("w2", later, 10)).hasSize(1);
    for (Consumer<WriteTx> lastWrite :
        List.<Consumer<WriteTx>>of(
            tx -> tx.releaseOperation("op-1", "w1", later),
            tx -> tx.retryOperation("op-1", "w1", 1, later),
            tx ->
                tx.completeOperation(
                    operation("op-1", "tenant-a", T0).succeeded(ResourceState.NOTHING, later),
                    "w1"))) {
      assertThatThrownBy(
              () ->
                  write(
                      tx -> {
                        tx.saveProviderSetting("written-by", "w1");
                        lastWrite.accept(tx);
                      }))
          .isInstanceOf(LeaseLost.class);
      assertThat(store.<Optional<String>>read(tx -> tx.providerSetting("written-by"))).isEmpty();
    }
    assertThatThrownBy(() -> write(tx -> tx.checkLease("op-1", "w1")))
        .isInstanceOf(LeaseLost.class);
    write(
        tx -> {
          assertThat(tx.checkLease("op-1", "w2").id()).isEqualTo("op-1");
          tx.saveProviderSetting("written-by", "w2");
          tx.releaseOperation("op-1", "w2", later);
        });
    assertThat(store.<Optional<String>>read(tx -> tx.providerSetting("written-by"))).contains("w2");
  }

  @Test
  void keepsTheCountOfFailedAttemptsUntilAStepSucceeds() throws Exception {
    write(tx -> tx.insertOperation(operation("op-1", "tenant-a", T0)));
    assertThat(store.<Integer>read(tx -> tx.operationAttempts("op-1"))).isZero();
    claim("w1", T0, 10);
    write(tx -> tx.retryOperation("op-1", "w1", 3, T0.plusSeconds(4)));
    assertThat(claim("w2", T0.plusSeconds(3), 10)).as("not due before its backoff").isEmpty();

    store.close();
    store = reopen();
    assertThat(store.<Integer>read(tx -> tx.operationAttempts("op-1"))).isEqualTo(3);
    assertThat(claim("w2", T0.plusSeconds(4), 10)).hasSize(1);
    write(tx -> tx.releaseOperation("op-1", "w2", T0.plusSeconds(5)));
    assertThat(store.<Integer>read(tx -> tx.operationAttempts("op-1"))).isZero();
  }

  @Test
  void renewsOnlyTheLeasesItsWorkerHolds() {
    write(tx -> tx.insertOperation(operation("op-1", "tenant-a", T0)));
    claim("w1", T0, 10);
    write(tx -> tx.renewLeases(List.of("op-1"), "w2", T0.plusSeconds(60)));
    assertThat(claim("w2", T0.plus(LEASE).plusSeconds(1), 10))
        .as("another worker's renewal changed nothing")
        .hasSize(1);

    write(tx -> tx.renewLeases(List.of("op-1"), "w2", T0.plusSeconds(60)));
    assertThat(claim("w3", T0.plusSeconds(59), 10)).as("the holder renewed it").isEmpty();
    assertThat(claim("w3", T0.plusSeconds(61), 10)).hasSize(1);
  }

  @Test
  void tellsWhenTheNextOperationCanBeClaimed() {
    assertThat(store.<Optional<Instant>>read(tx -> tx.nextOperationDue())).isEmpty();
    write(
        tx -> {
          tx.insertOperation(operation("op-1", "tenant-a", T0.plusSeconds(5)));
          tx.insertOperation(operation("op-2", "tenant-a", T0.plusSeconds(7)));
        });
    assertThat(store.<Optional<Instant>>read(tx -> tx.nextOperationDue()))
        .contains(T0.plusSeconds(5));

    claim("w1", T0.plusSeconds(8), 10);
    assertThat(store.<Optional<Instant>>read(tx -> tx.nextOperationDue()))
        .as("just after the leases expire")
        .contains(T0.plusSeconds(8).plus(LEASE).plusNanos(1));

    write(tx -> tx.releaseOperation("op-2", "w1", T0.plusSeconds(30)));
    write(
        tx ->
            tx.completeOperation(
                operation("op-1", "tenant-a", T0).succeeded(ResourceState.NOTHING, T0), "w1"));
    assertThat(store.<Optional<Instant>>read(tx -> tx.nextOperationDue()))
        .contains(T0.plusSeconds(30));
  }

  @Test
  void tellsItsListenersWhenACommitMakesOperationsDue() {
    AtomicInteger heard = new AtomicInteger();
    store.onOperationsDue(heard::incrementAndGet);
    write(tx -> tx.saveProviderSetting("unrelated", "x"));
    int before = heard.get();
    write(tx -> tx.insertOperation(operation("op-1", "tenant-a", T0)));
    assertThat(heard.get()).as("after inserting an operation").isGreaterThan(before);

    claim("w1", T0, 10);
    write(tx -> tx.releaseOperation("op-1", "w1", T0.plusSeconds(60)));
    int beforeDue = heard.get();
    write(tx -> tx.makeDue("r-op-1", T0.plusSeconds(1)));
    assertThat(heard.get()).as("after making it due").isGreaterThan(beforeDue);
    assertThat(claim("w2", T0.plusSeconds(1), 10)).hasSize(1);
  }
}
