package dev.junction.store;

import dev.junction.core.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;

/** The network's store contract on the embedded SQLite file. */
class SqliteNetworkTest extends NetworkContractTest {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db"));
  }

  @Override
  protected Connection newDatabaseAt(String version) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/sqlite")
        .target(version)
        .load()
        .migrate();
    return DriverManager.getConnection(url);
  }

  @Override
  protected Store openMigrated() {
    return SqliteStore.open(dir.resolve("old.db"), TestKeys.cipher());
  }
}
