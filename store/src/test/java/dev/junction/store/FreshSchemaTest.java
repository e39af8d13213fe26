package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema made fresh in one transaction ({@link FreshSchema}) is the schema Flyway makes step by
 * step, on a real SQLite file and a real PostgreSQL: the same tables, columns, indexes,
 * constraints, triggers and functions, the same schema history as far as Flyway reads it (it
 * validates it, finds nothing pending, and applies a later release's migration alike to both), and
 * readiness sees it as current.
 */
class FreshSchemaTest {
  private static final String SQLITE = "db/migration/sqlite";
  private static final String POSTGRESQL = "db/migration/postgresql";

  @TempDir Path dir;

  @Test
  void aFreshSqliteSchemaIsTheOneFlywayMakesStepByStep() throws Exception {
    try (HikariDataSource fresh = sqlite("fresh.db");
        HikariDataSource stepwise = sqlite("stepwise.db")) {
      assertThat(FreshSchema.make(fresh, SQLITE, false)).as("made fresh").isTrue();
      flyway(stepwise, SQLITE).load().migrate();

      String schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
      assertThat(rows(fresh, schema)).isEqualTo(rows(stepwise, schema)).hasSizeGreaterThan(30);
      assertSameHistory(fresh, stepwise);
      assertFlywayTreatsThemAlike(fresh, stepwise, SQLITE, "db/later/sqlite");
      assertThat(rows(fresh, schema)).isEqualTo(rows(stepwise, schema));
    }
  }

  @Test
  void aFreshPostgresqlSchemaIsTheOneFlywayMakesStepByStep() throws Exception {
    try (HikariDataSource fresh = postgresql();
        HikariDataSource stepwise = postgresql()) {
      assertThat(FreshSchema.make(fresh, POSTGRESQL, true)).as("made fresh").isTrue();
      flyway(stepwise, POSTGRESQL).load().migrate();

      assertThat(postgresSchema(fresh)).isEqualTo(postgresSchema(stepwise));
      assertThat(postgresSchema(fresh)).hasSizeGreaterThan(100);
      assertSameHistory(fresh, stepwise);
      assertFlywayTreatsThemAlike(fresh, stepwise, POSTGRESQL, "db/later/postgresql");
      assertThat(postgresSchema(fresh)).isEqualTo(postgresSchema(stepwise));
    }
  }

  @Test
  void aDatabaseThatIsNotEmptyIsLeftToFlyway() throws Exception {
    try (HikariDataSource older = sqlite("older.db")) {
      flyway(older, SQLITE).target("5").load().migrate();
      assertThat(FreshSchema.make(older, SQLITE, false)).isFalse();
      assertThat(rows(older, "SELECT version FROM flyway_schema_history"))
          .containsExactly("1", "2", "3", "4", "5");
    }
    try (HikariDataSource foreign = sqlite("foreign.db")) {
      try (Connection connection = foreign.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE someone_elses (x INTEGER)");
      }
      assertThat(FreshSchema.make(foreign, SQLITE, false)).isFalse();
      assertThat(rows(foreign, "SELECT name FROM sqlite_master")).containsExactly("someone_elses");
    }
  }

  @Test
  void aFailureHalfWayLeavesTheDatabaseEmpty() throws Exception {
    try (HikariDataSource fresh = sqlite("half.db")) {
      // A location without the scripts: the first one cannot be read, after the transaction began.
      assertThat(FreshSchema.make(fresh, "db/migration/none", false)).isFalse();
      assertThat(rows(fresh, "SELECT name FROM sqlite_master")).isEmpty();
    }
  }

  @Test
  void checksumsAreFlywaysOwn() throws Exception {
    try (HikariDataSource stepwise = sqlite("checksums.db")) {
      flyway(stepwise, SQLITE).load().migrate();
      List<String> expected = rows(stepwise, "SELECT script, checksum FROM flyway_schema_history");
      List<String> computed = new ArrayList<>();
      for (String script : Migrations.SCRIPTS) {
        computed.add(script + "|" + FreshSchema.checksum(SQLITE + "/" + script));
      }
      assertThat(computed).isEqualTo(expected);
    }
  }

  /** The history's rows, but for when they were written and how long each script took. */
  private static void assertSameHistory(DataSource fresh, DataSource stepwise) throws SQLException {
    String history =
        "SELECT installed_rank, version, description, type, script, checksum, installed_by,"
            + " success FROM flyway_schema_history ORDER BY installed_rank";
    assertThat(rows(fresh, history))
        .isEqualTo(rows(stepwise, history))
        .hasSize(Migrations.SCRIPTS.size());
    assertThat(Migrations.upToDate(fresh)).as("current, to readiness").isTrue();
  }

  /** Flyway validates both, finds nothing pending, and applies a later migration to each. */
  private static void assertFlywayTreatsThemAlike(
      DataSource fresh, DataSource stepwise, String location, String later) {
    for (DataSource dataSource : List.of(fresh, stepwise)) {
      Flyway now = flyway(dataSource, location).load();
      now.validate();
      assertThat(now.info().pending()).isEmpty();
      MigrateResult result =
          flyway(dataSource, location)
              .locations("classpath:" + location, "classpath:" + later)
              .load()
              .migrate();
      assertThat(result.migrationsExecuted).isEqualTo(1);
      assertThat(result.targetSchemaVersion).isEqualTo("1000");
    }
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      DataSource dataSource, String location) {
    return Flyway.configure().dataSource(dataSource).locations("classpath:" + location);
  }

  private HikariDataSource sqlite(String name) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:sqlite:" + dir.resolve(name));
    dataSource.setMaximumPoolSize(1);
    return dataSource;
  }

  private static HikariDataSource postgresql() throws SQLException {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(TestPostgres.newDatabase());
    dataSource.setUsername(TestPostgres.USER);
    dataSource.setPassword(TestPostgres.PASSWORD);
    // Flyway holds a second connection for its lock on PostgreSQL.
    dataSource.setMaximumPoolSize(3);
    return dataSource;
  }

  /** Everything PostgreSQL knows of the public schema's objects, one line each, sorted. */
  private static List<String> postgresSchema(DataSource dataSource) throws SQLException {
    List<String> schema = new ArrayList<>();
    schema.addAll(
        rows(
            dataSource,
            "SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,"
                + " is_nullable, column_default FROM information_schema.columns"
                + " WHERE table_schema = 'public'"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE connamespace = 'public'::regnamespace"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger"
                + " WHERE NOT tgisinternal"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT proname, pg_get_functiondef(oid) FROM pg_proc"
                + " WHERE pronamespace = 'public'::regnamespace"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT sequence_name, data_type, start_value, increment FROM"
                + " information_schema.sequences WHERE sequence_schema = 'public'"));
    schema.addAll(
        rows(
            dataSource,
            "SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c"
                + " WHERE c.relnamespace = 'public'::regnamespace"));
    schema.sort(null);
    return schema;
  }

  /** Returns each row of {@code query} as its columns joined by {@code |}. */
  private static List<String> rows(DataSource dataSource, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getString(i)));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
