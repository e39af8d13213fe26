package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.Observation;
import dev.junction.core.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing outlives its subject, on each engine: what belongs to a trunk or an attachment (its
 * ports, its observation, a fault injected into its session) is deleted in the transaction that
 * deletes it, by the schema's cascades rather than by the store's code, and cannot be written for a
 * subject that does not exist. A process that dies during a delete leaves its transaction undone,
 * so either everything or nothing is gone.
 */
class SubjectLifetimeTest {
  private static final Instant NOW = Fixtures.T0.plusSeconds(100);

  @TempDir Path dir;
  private String url;

  private Store open(String engine) throws Exception {
    if (engine.equals("sqlite")) {
      url = "jdbc:sqlite:" + dir.resolve("junction.db");
      return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
    }
    url = TestPostgres.newDatabase();
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  /** Returns a connection of the test's own, enforcing foreign keys as the store's do. */
  private Connection raw() throws SQLException {
    if (url.startsWith("jdbc:sqlite:")) {
      Connection connection = DriverManager.getConnection(url);
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA foreign_keys = ON");
      }
      return connection;
    }
    return TestPostgres.connect(url);
  }

  private long count(String query) throws SQLException {
    try (Connection connection = raw();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = raw();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Observation observation(String subjectId) {
    return NetworkContractTest.observation(subjectId, 1, NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void deletingASubjectDeletesEverythingThatBelongsToIt(String engine) throws Exception {
    try (Store store = open(engine)) {
      Fixtures.loadCatalogue(store);
      long epoch =
          store
              .write(
                  tx -> tx.claimRouter(Fixtures.ROUTER, "agent", NOW, NOW.plusSeconds(3600), false))
              .orElseThrow();
      store.write(
          tx -> {
            tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "", Fixtures.PORT_1), Fixtures.ROUTER);
            tx.insertAttachment(Fixtures.attachment("a1", "scope-a", "", "t1", 100));
            tx.saveObservation(observation("t1"), epoch, 1);
            tx.saveObservation(observation("a1"), epoch, 1);
            tx.saveFault(new NetworkFault(Fixtures.ROUTER, FaultKind.SESSION, "a1", "held down"));
            tx.saveFault(new NetworkFault(Fixtures.ROUTER, FaultKind.LINK, "eth1", "cut"));
            return null;
          });
      assertThat(count("SELECT COUNT(*) FROM network_faults")).isEqualTo(2);
      assertThat(count("SELECT COUNT(*) FROM trunk_ports")).isEqualTo(1);

      store.write(
          tx -> {
            tx.deleteAttachment("a1");
            return null;
          });
      assertThat(count("SELECT COUNT(*) FROM network_faults WHERE kind = 'SESSION'"))
          .as("the session's fault went with its attachment")
          .isZero();
      assertThat(count("SELECT COUNT(*) FROM network_faults WHERE kind = 'LINK'"))
          .as("the router's fault stays")
          .isEqualTo(1);
      assertThat(count("SELECT COUNT(*) FROM observations WHERE subject_id = 'a1'")).isZero();

      // Whoever deletes the trunk, its ports and its observation go with it in that statement.
      execute("DELETE FROM trunks WHERE id = 't1'");
      assertThat(count("SELECT COUNT(*) FROM trunk_ports")).as("the trunk's ports").isZero();
      assertThat(count("SELECT COUNT(*) FROM observations")).as("observations").isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void nothingCanBeWrittenForASubjectThatDoesNotExist(String engine) throws Exception {
    try (Store store = open(engine)) {
      Fixtures.loadCatalogue(store);
      for (String orphan :
          List.of(
              "INSERT INTO trunk_ports (trunk_id, port_id) VALUES ('gone', 'p')",
              "INSERT INTO network_faults (router_id, kind, target, reason, attachment_id)"
                  + " VALUES ('router-a', 'SESSION', 'gone', 'r', 'gone')",
              "INSERT INTO observations (subject_id, attachment_id, applied_revision,"
                  + " applied_hash, failed_revision, failure, conditions, observed_at,"
                  + " observed_epoch, observed_seq) VALUES ('gone', 'gone', 1, '', 0, '', '[]',"
                  + " 0, 0, 0)")) {
        assertThatThrownBy(() -> execute(orphan)).as(orphan).isInstanceOf(SQLException.class);
      }
      assertThatThrownBy(
              () ->
                  execute(
                      "INSERT INTO network_faults (router_id, kind, target, reason)"
                          + " VALUES ('router-a', 'SESSION', 'x', 'r')"))
          .as("a session's fault names its attachment")
          .isInstanceOf(SQLException.class);
      assertThat(count("SELECT COUNT(*) FROM network_faults")).isZero();
    }
  }
}
