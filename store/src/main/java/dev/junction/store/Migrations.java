package dev.junction.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database's schema to the newest version. An empty database gets the whole schema in one
 * transaction ({@link FreshSchema}: the same scripts and the history Flyway would have written);
 * otherwise Flyway runs whenever anything may be pending, and is skipped when one query shows that
 * the schema history already holds the newest migration and no failed one. Flyway's start costs
 * about half a second even with nothing to do (its scanner, its validation of every applied script,
 * a few hundred classes), which was a quarter of a restart. Skipping it also skips that validation
 * of applied scripts, which only catches a migration edited after it ran.
 */
final class Migrations {
  /**
   * The migration scripts of both engines ({@code db/migration/{sqlite,postgresql}/V<n>__*.sql}),
   * in order: a fresh schema runs these. MigrationsTest fails when a script is added to either
   * folder without being listed here.
   */
  static final List<String> SCRIPTS =
      List.of(
          "V1__schema.sql",
          "V2__cni.sql",
          "V3__identity.sql",
          "V4__provider_settings.sql",
          "V5__network.sql",
          "V6__idempotency_claims.sql",
          "V7__subjects_own_their_rows.sql",
          "V8__operation_attempts.sql",
          "V9__session_counts.sql",
          "V10__attachment_counts.sql");

  /** The newest migration's version. */
  static final int NEWEST = Integer.parseInt(FreshSchema.version(SCRIPTS.getLast()));

  private Migrations() {}

  /** Migrates the database behind {@code dataSource} with the scripts under {@code location}. */
  static void migrate(DataSource dataSource, String location) {
    if (upToDate(dataSource)) {
      return;
    }
    if (FreshSchema.make(dataSource, location, location.endsWith("postgresql"))) {
      return;
    }
    Flyway.configure().dataSource(dataSource).locations("classpath:" + location).load().migrate();
  }

  /**
   * Returns whether the schema history records the newest migration (or a newer one, as Flyway
   * allows) and no failure; false for a new database, an older schema, or anything unexpected.
   */
  static boolean upToDate(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return upToDate(connection);
    } catch (SQLException e) {
      return false;
    }
  }

  /** {@link #upToDate(DataSource)} on {@code connection}, in its transaction if it has one. */
  static boolean upToDate(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      int newest = 0;
      while (rows.next()) {
        if (!rows.getBoolean(2)) {
          return false;
        }
        String version = rows.getString(1);
        if (!version.matches("[0-9]{1,9}")) {
          return false;
        }
        newest = Math.max(newest, Integer.parseInt(version));
      }
      return newest >= NEWEST;
    } catch (SQLException e) {
      // No history table yet (a new database), or no way to tell: Flyway decides.
      return false;
    }
  }
}
