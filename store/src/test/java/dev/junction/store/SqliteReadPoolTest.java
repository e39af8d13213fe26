package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.trunk.Trunk;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite read pool's transactions, counted on the driver's real connections: a read costs one
 * commit that ends it, and nothing is reset when its connection goes back to the pool.
 */
class SqliteReadPoolTest {
  private static final int READS = 50;

  @TempDir Path dir;

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private JdbcStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aReadEndsItsTransactionOnceAndItsConnectionComesBackWithNothingToReset() {
    open();
    int commitsBefore = count("commit");

    for (int i = 0; i < READS; i++) {
      assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t1"))).isPresent();
    }

    assertThat(count("commit") - commitsBefore).isEqualTo(READS);
    assertThat(count("setAutoCommit(true)")).isZero();
    assertThat(count("rollback")).isZero();
  }

  @Test
  void aReadSeesWhatCommittedAfterTheLastReadOnTheSameConnection() {
    open();
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t2"))).isEmpty();

    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t2", "scope-a", "other", Fixtures.PORT_2), Fixtures.ROUTER);
          return null;
        });

    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t2"))).isPresent();
  }

  @Test
  void aReadThatFailsIsRolledBackAndTheNextReadRuns() {
    open();
    int commitsBefore = count("commit");

    try {
      store.read(
          tx -> {
            tx.trunk("t1");
            throw new IllegalStateException("the work failed");
          });
    } catch (IllegalStateException expected) {
      // the work's own failure, as thrown
    }

    assertThat(count("rollback")).isEqualTo(1);
    assertThat(store.<Optional<Trunk>>read(tx -> tx.trunk("t1"))).isPresent();
    assertThat(count("commit") - commitsBefore).isEqualTo(1);
    assertThat(count("setAutoCommit(true)")).isZero();
  }

  /** Opens the store on a file holding trunk t1, its read pool's connections counting calls. */
  private void open() {
    store =
        SqliteStore.open(
            dir.resolve("junction.db"),
            TestKeys.cipher(),
            driver -> WatchedDataSource.of(driver, this::counted),
            thread -> false);
    Fixtures.loadCatalogue(store);
    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t1", "scope-a", "trunk", Fixtures.PORT_1), Fixtures.ROUTER);
          return null;
        });
  }

  private int count(String call) {
    return calls.getOrDefault(call, new AtomicInteger()).get();
  }

  /** Counts each call to a connection, {@code setAutoCommit} by its argument. */
  private void counted(Method method, Object[] args) {
    String name =
        method.getName().equals("setAutoCommit")
            ? "setAutoCommit(" + args[0] + ")"
            : method.getName();
    calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }
}
