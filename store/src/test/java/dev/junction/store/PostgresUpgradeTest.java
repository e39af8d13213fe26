package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.store.UniqueKey;
import dev.junction.core.store.UniqueViolation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade from the previous release's schema: a database that replicas of the previous
 * release wrote is migrated by the first new replica while the old ones go on running. The new
 * schema must keep what the old replicas wrote, and the old replicas' statements must keep working
 * on it, except where docs/operations.md says otherwise.
 */
class PostgresUpgradeTest {
  /** The schema of the previous release, which its replicas keep using during the upgrade. */
  private static final String PREVIOUS = "5";

  /** The previous release's statement for a new operation, word for word. */
  private static final String OLD_INSERT_OPERATION =
      "INSERT INTO operations (resource_type, resource_id, verb, scope, description, created_by,"
          + " created_at, modified_at, deadline, done, error, response, previous,"
          + " target_revision, cancel_requested, idempotency_key, id, next_run_at, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";

  private static final String OLD_INSERT_FAULT =
      "INSERT INTO network_faults (router_id, kind, target, reason) VALUES (?, ?, ?, ?)";

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void upgradesADatabaseThePreviousReleaseWroteWhileItsReplicasGoOn() throws Exception {
    // How the previous release stored an operation: the same columns the new code writes, minus
    // what it added. They are taken from the new code, so that the JSON inside them is real.
    List<Object> unfinished = oldOperationRow(operation("cop-before-upgrade", "key-1"));
    String url = TestPostgres.newDatabase();
    migrate(url, PREVIOUS);
    try (Connection old = TestPostgres.connect(url)) {
      insert(old, OLD_INSERT_OPERATION, unfinished);
      execute(
          old,
          "INSERT INTO routers (id, pop_id, name, router_id_address) VALUES"
              + " ('edge-a', 'pop-a', 'edge a', '10.255.0.1')",
          "INSERT INTO trunk_ports (trunk_id, port_id) VALUES ('cftgone', 'port-of-a-lost-trunk')",
          "INSERT INTO network_faults (router_id, kind, target, reason) VALUES"
              + " ('edge-a', 'SESSION', 'cpcgone', 'a session fault of a lost connection'),"
              + " ('edge-a', 'LINK', 'et-0/0/1', 'no light')");
    }

    try (JdbcStore upgraded =
        PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher())) {
      // What the old replicas wrote is read as the new code reads it.
      Operation before = upgraded.read(tx -> tx.operation("cop-before-upgrade")).orElseThrow();
      assertThat(before.done()).isFalse();
      Optional<Operation> byKey =
          upgraded.read(tx -> tx.operationByIdempotencyKey("user-1", "key-1"));
      assertThat(byKey.map(Operation::id)).contains("cop-before-upgrade");
      // An idempotency key used before the upgrade stays claimed by its operation.
      assertThatThrownBy(
              () ->
                  upgraded.write(
                      tx -> {
                        tx.claimIdempotencyKey("user-1", "key-1", NOW);
                        return null;
                      }))
          .isInstanceOfSatisfying(
              UniqueViolation.class, v -> assertThat(v.key()).isEqualTo(UniqueKey.IDEMPOTENCY_KEY));
      // What had outlived its subject is gone; the rest stays.
      try (Connection db = TestPostgres.connect(url)) {
        assertThat(strings(db, "SELECT port_id FROM trunk_ports")).isEmpty();
        assertThat(strings(db, "SELECT kind || ' ' || target FROM network_faults"))
            .containsExactly("LINK et-0/0/1");
      }

      // A replica of the previous release, still running, goes on submitting operations; the new
      // workers take them like their own.
      try (Connection old = TestPostgres.connect(url)) {
        insert(
            old, OLD_INSERT_OPERATION, oldOperationRow(operation("cop-from-an-old-replica", "")));
        execute(
            old,
            "INSERT INTO network_faults (router_id, kind, target, reason) VALUES"
                + " ('edge-a', 'REFUSAL', 'edge-a', 'refusing')");
        // The one statement of the previous release the new schema refuses: a fault in the BGP
        // session of a connection must now name the connection (docs/operations.md).
        assertThatThrownBy(
                () ->
                    insert(
                        old,
                        OLD_INSERT_FAULT,
                        List.of("edge-a", "SESSION", "cpcgone", "an old replica's session fault")))
            .isInstanceOf(SQLException.class);
      }
      List<String> claimed =
          upgraded.write(
              tx ->
                  tx.claimOperations("new-worker", NOW, NOW.plusSeconds(10), 10).stream()
                      .map(Operation::id)
                      .sorted()
                      .toList());
      assertThat(claimed).containsExactly("cop-before-upgrade", "cop-from-an-old-replica");
    }
  }

  private static Operation operation(String id, String idempotencyKey) {
    return new Operation(
        id,
        ResourceType.PRIVATE_CONNECTION,
        "cpc-" + id,
        OperationVerb.CREATE,
        "folder-a",
        "Create private connection",
        "user-1",
        NOW,
        NOW,
        NOW.plusSeconds(120),
        false,
        Optional.empty(),
        Optional.empty(),
        ResourceState.NOTHING,
        1,
        false,
        idempotencyKey.isEmpty() ? Optional.empty() : Optional.of(idempotencyKey));
  }

  /**
   * Returns the values the previous release's statement binds for {@code operation}: the new code
   * writes it into a scratch database, and the columns the old statement names are read back.
   */
  private static List<Object> oldOperationRow(Operation operation) throws SQLException {
    String scratch = TestPostgres.newDatabase();
    try (JdbcStore store =
        PostgresStore.open(scratch, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher())) {
      store.write(
          tx -> {
            tx.insertOperation(operation);
            return null;
          });
    }
    try (Connection db = TestPostgres.connect(scratch);
        Statement statement = db.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT resource_type, resource_id, verb, scope, description, created_by,"
                    + " created_at, modified_at, deadline, done, error, response, previous,"
                    + " target_revision, cancel_requested, idempotency_key, id, next_run_at"
                    + " FROM operations")) {
      assertThat(row.next()).isTrue();
      List<Object> values = new ArrayList<>();
      for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
        values.add(row.getObject(i));
      }
      return values;
    }
  }

  private static void migrate(String url, String target) {
    Flyway.configure()
        .dataSource(url, TestPostgres.USER, TestPostgres.PASSWORD)
        .locations("classpath:db/migration/postgresql")
        .target(target)
        .load()
        .migrate();
  }

  private static void insert(Connection db, String sql, List<?> values) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        statement.setObject(i + 1, values.get(i));
      }
      statement.executeUpdate();
    }
  }

  private static void execute(Connection db, String... sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static List<String> strings(Connection db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
