package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite file, and its durability across reopening. */
class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
  }

  @Override
  protected Store reopen(SecretCipher cipher) {
    return SqliteStore.open(dir.resolve("junction.db"), cipher);
  }

  /**
   * The store reads back what an insert made with RETURNING where it needs it. With the driver's
   * default, every INSERT was followed by a "SELECT last_insert_rowid()" prepared anew, inside the
   * single writer's transaction.
   */
  @Test
  void insertsWithoutTheDriverAskingForTheRowIdAfterwards() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("keys.db");
    try (Connection connection = SqliteStore.driver(url, "IMMEDIATE").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
        insert.setString(1, "x");
        assertThat(insert.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = insert.getGeneratedKeys()) {
          assertThat(keys.next()).as("a row id the driver fetched").isFalse();
        }
      }
    }
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db"));
  }

  @Test
  void keepsCommittedWritesAcrossReopening() {
    store.write(
        tx -> {
          tx.insertTrunk(
              Fixtures.trunk("t1", "scope-a", "trunk", Fixtures.PORT_1), Fixtures.ROUTER);
          return null;
        });
    store.close();
    store = SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
    assertThat(store.<java.util.Optional<dev.junction.core.trunk.Trunk>>read(tx -> tx.trunk("t1")))
        .isPresent();
    assertThat(
            store.<java.util.List<dev.junction.core.catalogue.Port>>read(
                tx -> tx.freePortsAt(Fixtures.POP)))
        .hasSize(2);
  }
}
