package dev.junction.store;

import dev.junction.core.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The network's store contract on a real PostgreSQL, where the concurrent tests race on separate
 * connections.
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

  @Override
  protected Store sameDatabase() {
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
}
