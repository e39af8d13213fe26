package dev.junction.store;

import static dev.junction.store.Fixtures.ROUTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The network's store contract on a real PostgreSQL, where the concurrent tests race on separate
 * connections; and what only PostgreSQL does: tell the other processes on the database.
 */
class PostgresNetworkTest extends NetworkContractTest {
  private String url;
  private String oldUrl;

  @Override
  protected Store newStore() throws SQLException {
    url = TestPostgres.newDatabase();
    return open(url);
  }

  private static Store open(String url) {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  /** Returns a second store on the database of the store {@link #newStore} made. */
  private Store sameDatabase() {
    return open(url);
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return TestPostgres.connect(url);
  }

  @Override
  protected Connection newDatabaseAt(String version) throws SQLException {
    oldUrl = TestPostgres.newDatabase();
    Flyway.configure()
        .dataSource(oldUrl, TestPostgres.USER, TestPostgres.PASSWORD)
        .locations("classpath:db/migration/postgresql")
        .target(version)
        .load()
        .migrate();
    return TestPostgres.connect(oldUrl);
  }

  @Override
  protected Store openMigrated() {
    return open(oldUrl);
  }

  @Test
  void tellsAnotherStoreOnTheSameDatabaseWithinASecond() throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (Store other = sameDatabase()) {
      other.onRouterChanged(heard::add);
      write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER));
      assertThat(heard.poll(1, TimeUnit.SECONDS)).isEqualTo(ROUTER);
    }
  }

  @Test
  void hearsAgainAfterLosingItsConnectionAndNamesEveryRouterItMayHaveMissed() throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (Store other = sameDatabase()) {
      other.onRouterChanged(heard::add);
      try (Connection raw = rawConnection();
          Statement statement = raw.createStatement()) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND query = 'LISTEN junction_router'");
      }
      Set<String> named = new HashSet<>();
      while (named.size() < 2) {
        String router = heard.poll(5, TimeUnit.SECONDS);
        assertThat(router).as("named after reconnecting").isNotNull();
        named.add(router);
      }
      assertThat(named).containsExactlyInAnyOrder(ROUTER, ROUTER_B);
      write(tx -> tx.insertTrunk(partnerTrunk("t1"), ROUTER_B));
      assertThat(heard.poll(1, TimeUnit.SECONDS)).isEqualTo(ROUTER_B);
    }
  }
}
