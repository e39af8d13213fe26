package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.SubjectReport;
import dev.junction.core.operation.Operation;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opening a store skips Flyway only when the schema is already at the newest version: a new
 * database and one at an older version are still migrated, on a real SQLite file.
 */
class MigrationsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theListedScriptsAreTheShippedOnes(String engine) throws Exception {
    URL folder = MigrationsTest.class.getResource("/db/migration/" + engine);
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      List<String> shipped =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .sorted(
                  Comparator.comparingInt(
                      name -> Integer.parseInt(name.substring(1, name.indexOf("__")))))
              .toList();
      assertThat(Migrations.SCRIPTS)
          .as("Migrations.SCRIPTS against the scripts")
          .isEqualTo(shipped);
      assertThat(Migrations.NEWEST).isEqualTo(shipped.size());
    }
  }

  @Test
  void migratesANewDatabase() throws Exception {
    Path file = dir.resolve("new.db");
    SqliteStore.open(file, TestKeys.cipher()).close();
    assertThat(versions(file)).endsWith(String.valueOf(Migrations.NEWEST)).doesNotHaveDuplicates();
  }

  @Test
  void migratesADatabaseAtAnOlderVersion() throws Exception {
    Path file = dir.resolve("old.db");
    try (HikariDataSource old = dataSource(file)) {
      Flyway.configure()
          .dataSource(old)
          .locations("classpath:db/migration/sqlite")
          .target("5")
          .load()
          .migrate();
      assertThat(Migrations.upToDate(old)).isFalse();
    }
    SqliteStore.open(file, TestKeys.cipher()).close();
    List<String> versions = versions(file);
    assertThat(versions).contains("6", "7", String.valueOf(Migrations.NEWEST));
    try (HikariDataSource migrated = dataSource(file)) {
      assertThat(Migrations.upToDate(migrated)).isTrue();
    }
  }

  @Test
  void countsTheSessionsAndConnectionsAlreadyThereWhenItAddsTheirCounts() throws Exception {
    Map<String, Map<String, Integer>> expected;
    try (CoreHarness harness = new CoreHarness(Engine.SQLITE, dir)) {
      String[] states = {"Established", "Established", "Active"};
      for (int i = 0; i < states.length; i++) {
        Operation created =
            harness
                .useCases
                .attachments()
                .create(
                    CoreHarness.caller(),
                    AttachmentKind.PRIVATE,
                    CoreHarness.draft("pc-" + i, 100 + i));
        harness.report(
            SubjectReport.observed(
                created.resourceId(),
                Optional.empty(),
                Optional.of(new BgpObservation(states[i], harness.clock.instant(), "", 0, 0))));
      }
      expected = harness.store.read(tx -> tx.sessionCounts());
    }
    assertThat(expected)
        .isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 2, "Active", 1)));
    // Back to the schema before V9, with the observations it had then (and so before what came
    // after V9 too).
    Path file = dir.resolve("junction.db");
    for (String undo :
        List.of(
            "DROP TRIGGER attachments_count_insert",
            "DROP TRIGGER attachments_count_update",
            "DROP TRIGGER attachments_count_delete",
            "DROP TABLE attachment_counts",
            "DELETE FROM flyway_schema_history WHERE version = '10'",
            "DROP TRIGGER observations_count_insert",
            "DROP TRIGGER observations_count_update",
            "DROP TRIGGER observations_count_delete",
            "DROP TABLE session_counts",
            "ALTER TABLE observations DROP COLUMN router_id",
            "DELETE FROM flyway_schema_history WHERE version = '9'")) {
      execute(file, undo);
    }

    try (JdbcStore store = SqliteStore.open(file, TestKeys.cipher())) {
      Map<String, Map<String, Integer>> migrated = store.read(tx -> tx.sessionCounts());
      assertThat(migrated)
          .as("the sessions observed before the migration, counted by it")
          .isEqualTo(expected);
      int onTrunk =
          store.read(tx -> tx.countAttachments(CoreHarness.DEMO_TRUNK, AttachmentKind.PRIVATE));
      assertThat(onTrunk).as("the connections made before V10, counted by it").isEqualTo(3);
    }
  }

  @Test
  void skipsFlywayOnlyWhenNothingIsPending() throws Exception {
    Path file = dir.resolve("current.db");
    SqliteStore.open(file, TestKeys.cipher()).close();
    // A checksum Flyway would refuse to validate: only a start that skips Flyway gets past it.
    execute(file, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");
    SqliteStore.open(file, TestKeys.cipher()).close();

    // A failed migration in the history is never skipped over.
    execute(
        file,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success)"
            + " VALUES (100, '99', 'failed', 'SQL', 'V99__failed.sql', 0, 'test', 0, 0)");
    try (HikariDataSource failed = dataSource(file)) {
      assertThat(Migrations.upToDate(failed)).isFalse();
    }
  }

  private static HikariDataSource dataSource(Path file) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:sqlite:" + file);
    dataSource.setMaximumPoolSize(1);
    return dataSource;
  }

  private static void execute(Path file, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  private static List<String> versions(Path file) throws Exception {
    List<String> versions = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success"
                    + " ORDER BY installed_rank")) {
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
    }
    return versions;
  }
}
