package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL; each test gets a new database. */
class PostgresStoreTest extends StoreContractTest {
  private String url;

  @Override
  protected Store newStore() throws SQLException {
    url = TestPostgres.newDatabase();
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  @Override
  protected Store reopen(SecretCipher cipher) {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, cipher);
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return TestPostgres.connect(url);
  }

  /**
   * Returns a second store on the same database, as another replica opens it: its transactions run
   * beside this store's (a store runs one write batch at a time).
   */
  private JdbcStore otherReplica() {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  @Test
  void holdsACniSubnetForOneTransactionAtATime() throws Exception {
    Ipv4Prefix taken = Ipv4Prefix.of("100.64.0.0/31");
    Ipv4Prefix next = Ipv4Prefix.of("100.64.0.2/31");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (JdbcStore other = otherReplica()) {
      Future<Boolean> holder =
          thread.submit(
              () ->
                  store.write(
                      tx -> {
                        boolean held = tx.holdCniSubnet(taken);
                        holding.countDown();
                        await(release);
                        return held;
                      }));
      holding.await();
      assertThat(other.<Boolean>write(tx -> tx.holdCniSubnet(taken))).isFalse();
      assertThat(other.<Boolean>write(tx -> tx.holdCniSubnet(next))).isTrue();
      release.countDown();
      assertThat(holder.get()).isTrue();
      assertThat(other.<Boolean>write(tx -> tx.holdCniSubnet(taken))).isTrue();
    } finally {
      release.countDown();
      thread.shutdown();
    }
  }

  @Test
  void runsATransactionAgainWhenTheDatabaseUndidItForADeadlock() throws Exception {
    store.write(
        tx -> {
          tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "one", Fixtures.PORT_1), Fixtures.ROUTER);
          tx.insertTrunk(Fixtures.trunk("t2", "scope-a", "two", Fixtures.PORT_2), Fixtures.ROUTER);
          return null;
        });
    CountDownLatch eachHoldsOne = new CountDownLatch(2);
    AtomicInteger runs = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (JdbcStore other = otherReplica()) {
      List<Future<String>> both =
          List.of(
              threads.submit(() -> lockBoth(store, "t1", "t2", eachHoldsOne, runs)),
              threads.submit(() -> lockBoth(other, "t2", "t1", eachHoldsOne, runs)));
      for (Future<String> transaction : both) {
        assertThat(transaction.get()).isEqualTo("committed");
      }
    } finally {
      threads.shutdown();
    }
    assertThat(runs).as("runs: one transaction was undone and ran again").hasValue(3);
  }

  /**
   * Locks trunk {@code first}, waits until the other transaction holds its first, then locks {@code
   * second}: the two wait for each other, and the database undoes one of them.
   */
  private static String lockBoth(
      Store store, String first, String second, CountDownLatch eachHoldsOne, AtomicInteger runs) {
    return store.write(
        tx -> {
          runs.incrementAndGet();
          tx.lockTrunk(first);
          eachHoldsOne.countDown();
          await(eachHoldsOne);
          tx.lockTrunk(second);
          return "committed";
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
