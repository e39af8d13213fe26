package dev.junction.core.attachment;

import static dev.junction.core.CoreHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.UseCases;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Asn;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.Signals;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL, where creates run side by side, a CNI create takes its /31 from the pool without
 * waiting for other tenants' creates: while one tenant's create holds a subnet in a transaction
 * that has not committed, two other tenants' creates take subnets of their own and commit. (On
 * SQLite one writer runs at a time, so there is nothing to show.)
 */
class CniPoolContentionTest {
  @TempDir Path dir;
  private CoreHarness harness;
  private ExecutorService threads;
  private Connection observer;

  @BeforeEach
  void start() throws Exception {
    harness = new CoreHarness(Engine.POSTGRESQL, dir);
    harness.store.write(
        tx -> {
          tx.upsertRouter(new Router("router-b", "pop-b", "ccr-b", "10.0.0.2"));
          return null;
        });
    interconnect("a", CoreHarness.POP);
    interconnect("b", "pop-b");
    interconnect("c", "pop-b");
    threads = Executors.newCachedThreadPool();
    observer =
        DriverManager.getConnection(
            TestPostgres.newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    observer.close();
    harness.close();
  }

  /** Provisions interconnect {@code trunk-x} of {@code account-x} at {@code pop}. */
  private void interconnect(String tenant, String pop) {
    harness
        .useCases
        .trunks()
        .provision(
            new Trunk(
                "trunk-" + tenant,
                "account-" + tenant,
                "",
                "",
                Labels.EMPTY,
                pop,
                new Joint.ViaPartner("partner-a", "key-" + tenant),
                Bandwidth.gbps(1),
                false,
                ResourceStatus.ACTIVE,
                Instant.EPOCH,
                1));
  }

  private static Cnis.Draft cni(String tenant) {
    return new Cnis.Draft(
        "account-" + tenant,
        "trunk-" + tenant,
        "cni-" + tenant,
        "",
        1500,
        Optional.empty(),
        Optional.empty(),
        new Asn(200350));
  }

  @Test
  void tenantsTakeSubnetsWhileAnotherTenantsAllocationIsOpen() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    UseCases held =
        UseCases.over(
            new HeldOpen(harness.store, holding, release),
            harness.clock,
            Ids.random(),
            harness.config,
            Signals.none());
    Future<Operation> a = threads.submit(() -> held.cnis().create(caller(), cni("a")));
    assertThat(holding.await(1, TimeUnit.MINUTES))
        .as("tenant a's create wrote its CNI and holds its transaction open")
        .isTrue();

    Operation b = withoutWaitingForALock(() -> harness.useCases.cnis().create(caller(), cni("b")));
    Operation c = withoutWaitingForALock(() -> harness.useCases.cnis().create(caller(), cni("c")));
    assertThat(a).isNotDone();

    release.countDown();
    Operation first = a.get(1, TimeUnit.MINUTES);
    Stream<String> subnets =
        Stream.of(first, b, c)
            .map(
                operation ->
                    harness
                        .useCases
                        .attachments()
                        .get(caller(), AttachmentKind.CNI, operation.resourceId())
                        .peering()
                        .subnet()
                        .toString());
    assertThat(subnets).doesNotHaveDuplicates().hasSize(3);
  }

  /**
   * Runs {@code create} on a thread of its own and returns its operation; fails as soon as the
   * database shows a transaction waiting for a lock meanwhile, which here can only be the create
   * waiting for the open allocation.
   */
  private Operation withoutWaitingForALock(java.util.concurrent.Callable<Operation> create)
      throws Exception {
    Future<Operation> call = threads.submit(create);
    while (true) {
      try {
        return call.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        String waiting = lockWaits();
        if (!waiting.isEmpty()) {
          fail("the create waits for a lock the open allocation holds: " + waiting);
        }
      }
    }
  }

  /** Returns the statements of the server that wait for a lock, or "" if none does. */
  private String lockWaits() throws Exception {
    try (Statement statement = observer.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT string_agg(a.query, '; ') FROM pg_locks l"
                    + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted")) {
      rows.next();
      String queries = rows.getString(1);
      return queries == null ? "" : queries;
    }
  }

  /**
   * The store, except that its first write transaction, once its work is done, stays open until
   * {@code release} counts down: a create that holds what it allocated without committing it.
   */
  private static final class HeldOpen implements Store {
    private final Store store;
    private final CountDownLatch holding;
    private final CountDownLatch release;

    HeldOpen(Store store, CountDownLatch holding, CountDownLatch release) {
      this.store = store;
      this.holding = holding;
      this.release = release;
    }

    @Override
    public <T> T read(Function<ReadTx, T> work) {
      return store.read(work);
    }

    @Override
    public <T> T write(Function<WriteTx, T> work) {
      return store.write(
          tx -> {
            T result = work.apply(tx);
            holding.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while holding the transaction", e);
            }
            return result;
          });
    }

    @Override
    public void onRouterChanged(Consumer<String> listener) {
      store.onRouterChanged(listener);
    }

    @Override
    public void onOperationsDue(Runnable listener) {
      store.onOperationsDue(listener);
    }

    @Override
    public void close() {}
  }
}
