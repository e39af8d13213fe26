package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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

  /**
   * A group commit's transaction holds a savepoint for each write in it, and SQLite keeps the pages
   * changed under a savepoint in a sub-journal, which it writes to a temporary file past 64 KiB
   * unless temporary storage is in memory. Here a savepoint covers a change to about 250 pages (1
   * MiB) that the transaction did not make itself.
   */
  @Test
  void keepsASavepointsJournalInMemory() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(
        Files.isDirectory(fds), "needs /proc/self/fd (Linux) to see the files the driver opens");
    String url = "jdbc:sqlite:" + dir.resolve("savepoints.db");
    try (Connection connection = SqliteStore.driver(url, "IMMEDIATE").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
      statement.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
              + " INSERT INTO t (v) SELECT printf('%.1000c', 'x') FROM n");
      connection.setAutoCommit(false);
      statement.execute("SAVEPOINT work");
      assertThat(statement.executeUpdate("UPDATE t SET v = v || 'y'")).isEqualTo(1000);
      assertThat(temporaryFilesOpen(fds)).as("SQLite's temporary files held open").isEmpty();
      statement.execute("RELEASE SAVEPOINT work");
      connection.commit();
    }
  }

  /** Returns the files this process holds open that SQLite made as temporary ("etilqs_"). */
  private static List<String> temporaryFilesOpen(Path fds) throws IOException {
    List<String> open = new ArrayList<>();
    try (var links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          String target = Files.readSymbolicLink(link).toString();
          if (target.contains("etilqs_")) {
            open.add(target);
          }
        } catch (IOException | UnsupportedOperationException e) {
          // Closed while listed: not one of ours.
        }
      }
    }
    return open;
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
            store.<List<dev.junction.core.catalogue.Port>>read(tx -> tx.freePortsAt(Fixtures.POP)))
        .hasSize(2);
  }
}
