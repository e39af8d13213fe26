package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.trunk.Trunk;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads that keep a read connection of their own, on a real SQLite file: such a thread opens one
 * connection for all its reads, never waits for the read pool, sees what committed since its last
 * read, and gets over a failed read.
 */
class OwnReadersTest {
  /** The read pool's size ({@link SqliteStore#readPool}). */
  private static final int POOL = 4;

  @TempDir Path dir;

  /** Connections the driver opened on a thread that keeps its own. */
  private final AtomicInteger openedByOwners = new AtomicInteger();

  private final ExecutorService owner = Executors.newSingleThreadExecutor(OwnerThread::new);
  private final ExecutorService others = Executors.newFixedThreadPool(POOL);
  private JdbcStore store;

  /** The kind of thread the store is told keeps its own connection. */
  private static final class OwnerThread extends Thread {
    OwnerThread(Runnable task) {
      super(task, "owner");
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    owner.shutdownNow();
    others.shutdownNow();
    owner.awaitTermination(10, TimeUnit.SECONDS);
    others.awaitTermination(10, TimeUnit.SECONDS);
    if (store != null) {
      store.close();
    }
  }

  @Test
  void anOwnersReadsShareOneConnectionOfItsOwn() throws Exception {
    open();

    for (int i = 0; i < 50; i++) {
      assertThat(onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t1")))).isPresent();
    }

    assertThat(openedByOwners).hasValue(1);
  }

  @Test
  void anOwnerReadsWhileEveryPooledConnectionIsTaken() throws Exception {
    open();
    CountDownLatch holding = new CountDownLatch(POOL);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<?>> held = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      held.add(
          others.submit(
              () ->
                  store.read(
                      tx -> {
                        tx.trunk("t1");
                        holding.countDown();
                        await(release);
                        return null;
                      })));
    }
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    // The pool waits up to 30 s for a connection; the owner's read must not wait at all.
    Future<Optional<Trunk>> read =
        owner.submit(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t1")));
    assertThat(read.get(5, TimeUnit.SECONDS)).isPresent();

    release.countDown();
    for (Future<?> future : held) {
      future.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anOwnerSeesWhatCommittedAfterItsLastRead() throws Exception {
    open();
    assertThat(onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t2")))).isEmpty();

    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t2", "scope-a", "other", Fixtures.PORT_2), Fixtures.ROUTER);
          return null;
        });

    assertThat(onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t2")))).isPresent();
    assertThat(openedByOwners).hasValue(1);
  }

  @Test
  void anOwnersFailedReadIsUndoneAndItsNextReadRuns() throws Exception {
    open();

    Future<?> failed =
        owner.submit(
            () ->
                store.read(
                    tx -> {
                      tx.trunk("t1");
                      throw new IllegalStateException("the work failed");
                    }));
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t1")))).isPresent();
  }

  @Test
  void anOwnersReadAfterTheStoreClosedIsRefusedAsUnavailable() throws Exception {
    open();
    onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk("t1")));
    store.close();

    Future<?> read = owner.submit(() -> store.read(tx -> tx.trunk("t1")));
    assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreUnavailable.class);
    store = null;
  }

  private <T> T onOwner(java.util.concurrent.Callable<T> work) throws Exception {
    return owner.submit(work).get(10, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens the store on a file holding trunk t1, its owners being {@link OwnerThread}s. */
  private void open() {
    store =
        SqliteStore.open(
            dir.resolve("junction.db"),
            TestKeys.cipher(),
            this::counted,
            thread -> thread instanceof OwnerThread);
    Fixtures.loadCatalogue(store);
    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t1", "scope-a", "trunk", Fixtures.PORT_1), Fixtures.ROUTER);
          return null;
        });
  }

  /** Counts the connections the driver opens on an owner's thread. */
  private DataSource counted(DataSource driver) {
    return (DataSource)
        Proxy.newProxyInstance(
            OwnReadersTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")
                  && Thread.currentThread() instanceof OwnerThread) {
                openedByOwners.incrementAndGet();
              }
              try {
                return method.invoke(driver, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
