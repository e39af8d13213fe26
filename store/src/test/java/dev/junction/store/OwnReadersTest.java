package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.trunk.Trunk;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  /** Commits made on a thread that keeps its own connection. */
  private final AtomicInteger commitsByOwners = new AtomicInteger();

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
      assertThat(trunkOnOwner("t1")).isPresent();
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
    assertThat(trunkOnOwner("t2")).isEmpty();

    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t2", "scope-a", "other", Fixtures.PORT_2), Fixtures.ROUTER);
          return null;
        });

    assertThat(trunkOnOwner("t2")).isPresent();
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

    assertThat(trunkOnOwner("t1")).isPresent();
  }

  @Test
  void anOwnersReadsShareOneSnapshotWhileNothingCommits() throws Exception {
    open();
    trunkOnOwner("t1");
    int commitsBefore = commitsByOwners.get();
    long start = System.nanoTime();

    for (int i = 0; i < 50; i++) {
      assertThat(trunkOnOwner("t1")).isPresent();
    }

    // A snapshot ends only when it grows old (about once in the whole loop on a slow machine,
    // never on a fast one), not once a read.
    long ages = (System.nanoTime() - start) / OwnReaders.MAX_SNAPSHOT_AGE.toNanos();
    assertThat(commitsByOwners.get() - commitsBefore).isLessThanOrEqualTo((int) ages + 1);
  }

  @Test
  void aReadWithinAReadRunsInTheOuterOnesTransaction() throws Exception {
    open();

    Optional<Trunk> inner =
        onOwner(
            () ->
                store.read(
                    tx -> {
                      assertThat(tx.trunk("t2")).isEmpty();
                      // A commit counted while the outer read runs: the inner read must not end the
                      // outer one's transaction to take a newer snapshot.
                      store.write(
                          write -> {
                            write.insertTrunk(
                                Fixtures.trunk("t2", "scope-a", "other", Fixtures.PORT_2),
                                Fixtures.ROUTER);
                            return null;
                          });
                      int commitsBefore = commitsByOwners.get();
                      Optional<Trunk> seen = store.read(nested -> nested.trunk("t2"));
                      assertThat(commitsByOwners.get()).isEqualTo(commitsBefore);
                      return seen;
                    }));

    assertThat(inner).as("the outer read's snapshot").isEmpty();
    assertThat(trunkOnOwner("t2")).isPresent();
  }

  @Test
  void aWriteFromAnotherProcessIsSeenOnceTheSnapshotIsOld() throws Exception {
    open();
    assertThat(trunkOnOwner("t3")).isEmpty();

    writeFromAnotherConnection("t3");
    Thread.sleep(OwnReaders.MAX_SNAPSHOT_AGE.toMillis() + 50);

    assertThat(trunkOnOwner("t3")).isPresent();
  }

  @Test
  void anEndedSnapshotLetsTheNextReadSeeAWriteFromAnotherProcess() throws Exception {
    open();
    assertThat(trunkOnOwner("t3")).isEmpty();
    writeFromAnotherConnection("t3");

    Optional<Trunk> afterTheEnd =
        onOwner(
            () -> {
              store.endReadSnapshot();
              return store.<Optional<Trunk>>read(tx -> tx.trunk("t3"));
            });

    assertThat(afterTheEnd).isPresent();
  }

  @Test
  void anOpenSnapshotHoldsTheCheckpointBackUntilItEnds() throws Exception {
    open();
    trunkOnOwner("t1");
    writeFromAnotherConnection("t3");

    assertThat(restartCheckpointIsBusy()).isTrue();
    onOwner(
        () -> {
          store.endReadSnapshot();
          return null;
        });
    assertThat(restartCheckpointIsBusy()).isFalse();
  }

  /** Runs a RESTART checkpoint that waits for no one: whether a reader's snapshot held it back. */
  private boolean restartCheckpointIsBusy() throws SQLException {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = other.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(RESTART)")) {
      assertThat(result.next()).isTrue();
      return result.getInt(1) != 0;
    }
  }

  @Test
  void anOwnersReadAfterTheStoreClosedIsRefusedAsUnavailable() throws Exception {
    open();
    trunkOnOwner("t1");
    store.close();

    Future<?> read = owner.submit(() -> store.read(tx -> tx.trunk("t1")));
    assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreUnavailable.class);
    store = null;
  }

  private <T> T onOwner(java.util.concurrent.Callable<T> work) throws Exception {
    return owner.submit(work).get(10, TimeUnit.SECONDS);
  }

  /** Reads trunk {@code id} on the owner thread, as its event loop would. */
  private Optional<Trunk> trunkOnOwner(String id) throws Exception {
    return onOwner(() -> store.<Optional<Trunk>>read(tx -> tx.trunk(id)));
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
            file(), TestKeys.cipher(), this::counted, thread -> thread instanceof OwnerThread);
    Fixtures.loadCatalogue(store);
    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t1", "scope-a", "trunk", Fixtures.PORT_1), Fixtures.ROUTER);
          return null;
        });
  }

  /**
   * Counts the connections the driver opens on an owner's thread, and the commits made on an
   * owner's thread.
   */
  private DataSource counted(DataSource driver) {
    DataSource watched =
        WatchedDataSource.of(
            driver,
            (method, args) -> {
              if (method.getName().equals("commit")
                  && Thread.currentThread() instanceof OwnerThread) {
                commitsByOwners.incrementAndGet();
              }
            });
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
                return method.invoke(watched, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * Writes a copy of trunk t1 as {@code trunkId} (with no name) straight into the file, as another
   * process would, past the store.
   */
  private void writeFromAnotherConnection(String trunkId) throws SQLException {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = other.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 10000");
      List<String> copied = new ArrayList<>();
      try (ResultSet columns = statement.executeQuery("PRAGMA table_info(trunks)")) {
        while (columns.next()) {
          String column = columns.getString("name");
          if (!List.of("seq", "id", "name").contains(column)) {
            copied.add(column);
          }
        }
      }
      String list = String.join(", ", copied);
      statement.executeUpdate(
          "INSERT INTO trunks (id, name, "
              + list
              + ") SELECT '"
              + trunkId
              + "', '', "
              + list
              + " FROM trunks WHERE id = 't1'");
    }
  }

  private Path file() {
    return dir.resolve("junction.db");
  }
}
