package dev.junction.store;

import static dev.junction.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.access.Tenant;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriterBusy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit, on each engine: writes handed in together share one commit, each caller is told the
 * fate of its own work only once the commit is known, a work that throws is undone alone, and a
 * commit that fails fails every write of its batch. To put writes in one batch deterministically, a
 * test first fills every lane with a write that waits for a latch, queues its writes behind them
 * ({@link JdbcStore#awaitQueuedWrites}), and then opens the latch.
 */
abstract class GroupCommitContractTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);
  protected JdbcStore store;

  /** Returns a new, empty store. */
  protected abstract JdbcStore newStore() throws Exception;

  /** Returns the store {@link #newStore} made, opened again. */
  protected abstract JdbcStore reopen() throws Exception;

  /**
   * Makes the database refuse, at commit and not before, any transaction that inserted a tenant
   * named {@code name}: a deferred rule, checked only when the transaction commits.
   */
  protected abstract void refuseAtCommitTenantsNamed(String name) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    release.countDown();
    threads.shutdownNow();
    store.close();
  }

  @Test
  void concurrentWritesShareCommitsAndAreAllThereAfterReopening() throws Exception {
    List<Future<?>> blockers = occupyEveryLane();
    long commitsBefore = store.commits();
    long writesBefore = store.committedWrites();
    int count = 48;
    List<Future<String>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "tenant-" + i;
      writes.add(threads.submit(() -> store.write(tx -> insertTenant(tx, id))));
    }
    store.awaitQueuedWrites(count);
    release.countDown();
    for (Future<?> blocker : blockers) {
      blocker.get();
    }
    for (Future<String> write : writes) {
      assertThat(write.get()).startsWith("tenant-");
    }

    long commits = store.commits() - commitsBefore;
    long committed = store.committedWrites() - writesBefore;
    assertThat(committed).isEqualTo(count + store.lanes());
    // The blockers commit one each; the 48 queued writes then go in at most one batch per lane.
    assertThat(commits).isLessThan(committed).isLessThanOrEqualTo(2L * store.lanes());

    store.close();
    store = reopen();
    for (int i = 0; i < count; i++) {
      String id = "tenant-" + i;
      assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant(id))).as(id).isPresent();
    }
  }

  @Test
  void aWriteThatThrowsChangesNothingWhileItsBatchMatesCommit() throws Exception {
    Set<String> announced = ConcurrentHashMap.newKeySet();
    store.onRouterChanged(announced::add);
    Fixtures.loadCatalogue(store);
    long desiredBefore = desiredSeq();
    announced.clear();
    List<Future<?>> blockers = occupyEveryLane();
    long commitsBefore = store.commits();

    Future<String> first = queue(1, tx -> insertTenant(tx, "first"));
    Future<String> duplicate =
        queue(
            2,
            tx -> {
              insertTenant(tx, "duplicate");
              return insertTenant(tx, "first");
            });
    Future<String> failing =
        queue(
            3,
            tx -> {
              insertTenant(tx, "failing");
              tx.touchRouter(Fixtures.ROUTER);
              throw new IllegalStateException("this write fails");
            });
    Future<String> last = queue(4, tx -> insertTenant(tx, "last"));
    release.countDown();
    for (Future<?> blocker : blockers) {
      blocker.get();
    }

    assertThat(first.get()).isEqualTo("first");
    assertThat(last.get()).isEqualTo("last");
    assertThatThrownBy(duplicate::get).cause().isInstanceOf(UniqueViolation.class);
    assertThatThrownBy(failing::get)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this write fails");
    assertThat(store.commits() - commitsBefore)
        .as("the blockers' commits, then one for the four queued writes")
        .isEqualTo(store.lanes() + 1L);
    for (String kept : List.of("first", "last")) {
      assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant(kept))).as(kept).isPresent();
    }
    for (String undone : List.of("duplicate", "failing")) {
      assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant(undone))).as(undone).isEmpty();
    }
    assertThat(desiredSeq()).as("the router's desired sequence").isEqualTo(desiredBefore);
    assertThat(announced).as("routers announced for the write undone").isEmpty();
  }

  @Test
  void aCommitThatFailsFailsEveryWriteOfItsBatch() throws Exception {
    refuseAtCommitTenantsNamed("doomed");
    List<Future<?>> blockers = occupyEveryLane();
    long commitsBefore = store.commits();

    Future<String> before = queue(1, tx -> insertTenant(tx, "before"));
    Future<String> doomed =
        queue(2, tx -> insertTenant(tx, new Tenant("doomed-tenant", "doomed", T0)));
    Future<String> after = queue(3, tx -> insertTenant(tx, "after"));
    release.countDown();
    for (Future<?> blocker : blockers) {
      blocker.get();
    }

    for (Future<String> write : List.of(before, doomed, after)) {
      assertThatThrownBy(write::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(StoreException.class);
    }
    assertThat(store.commits() - commitsBefore).isEqualTo(store.lanes());
    for (String id : List.of("before", "doomed-tenant", "after")) {
      assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant(id))).as(id).isEmpty();
    }
    // The rule is only about that tenant: the same writes without it commit.
    assertThat(store.<String>write(tx -> insertTenant(tx, "before"))).isEqualTo("before");
  }

  @Test
  void aWriteThatWaitsPastItsQueueWaitIsWithdrawnUnstartedAndTheQueueGoesOn() throws Exception {
    List<Future<?>> blockers = occupyEveryLane();
    Future<String> patient = queue(1, tx -> insertTenant(tx, "patient"));
    AtomicBoolean started = new AtomicBoolean();
    Future<String> hasty =
        threads.submit(
            () ->
                store.write(
                    Duration.ofMillis(200),
                    tx -> {
                      started.set(true);
                      return insertTenant(tx, "hasty");
                    }));

    assertThatThrownBy(() -> hasty.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WriterBusy.class);
    Future<String> after =
        threads.submit(() -> store.write(Duration.ofMinutes(1), tx -> insertTenant(tx, "after")));
    store.awaitQueuedWrites(2);
    release.countDown();
    for (Future<?> blocker : blockers) {
      blocker.get();
    }

    assertThat(patient.get()).isEqualTo("patient");
    assertThat(after.get()).as("a write that started within its wait").isEqualTo("after");
    assertThat(started).as("the withdrawn write's work ran").isFalse();
    assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant("hasty"))).isEmpty();
    assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant("after"))).isPresent();
  }

  @Test
  void aWriteCannotStartAnotherFromInsideItsWork() {
    assertThatThrownBy(() -> store.write(tx -> store.write(inner -> insertTenant(inner, "inner"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot start another write");
    assertThat(store.<Optional<Tenant>>read(tx -> tx.tenant("inner"))).isEmpty();
  }

  private long desiredSeq() {
    return store
        .<Optional<RouterStatus>>read(tx -> tx.routerStatus(Fixtures.ROUTER))
        .orElseThrow()
        .desiredSeq();
  }

  /** Lets the writes of {@link #occupyEveryLane} finish, and the queued writes run. */
  protected void releaseLanes() {
    release.countDown();
  }

  private static String insertTenant(dev.junction.core.store.WriteTx tx, String id) {
    return insertTenant(tx, new Tenant(id, id, T0));
  }

  private static String insertTenant(dev.junction.core.store.WriteTx tx, Tenant tenant) {
    tx.insertTenant(tenant);
    return tenant.id();
  }

  /** Submits {@code work} from a thread of its own and waits until it is the queued-th in line. */
  protected Future<String> queue(int queued, Function<dev.junction.core.store.WriteTx, String> work)
      throws InterruptedException {
    Future<String> future = threads.submit(() -> store.write(work));
    store.awaitQueuedWrites(queued);
    return future;
  }

  /**
   * Starts one write per lane that holds its lane until {@link #release} opens, and returns once
   * each is running its work.
   */
  protected List<Future<?>> occupyEveryLane() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(store.lanes());
    List<Future<?>> blockers = new ArrayList<>();
    for (int i = 0; i < store.lanes(); i++) {
      String id = "blocker-" + i;
      blockers.add(
          threads.submit(
              () ->
                  store.write(
                      tx -> {
                        insertTenant(tx, id);
                        running.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          throw new IllegalStateException(e);
                        }
                        return id;
                      })));
    }
    running.await();
    return blockers;
  }
}
