package dev.junction.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the schema of an empty database in one transaction, without Flyway: the shipped migration
 * scripts, in order, then Flyway's schema history table with the rows Flyway itself would have
 * written for them (same description, script, checksum and installer). A database made this way is
 * the one Flyway makes step by step, to later migrations (which Flyway runs and validates against
 * that history) and to readiness ({@link Migrations#upToDate}); MigrationsTest compares the two on
 * SQLite and on PostgreSQL. Flyway's start, its classpath scan and one transaction per script were
 * most of a first start's store phase (docs/performance.md, "P7: where start-up time went").
 *
 * <p>Anything other than an empty database (a table already there, another replica's schema, an
 * error on the way) rolls the transaction back and leaves the database to Flyway.
 */
final class FreshSchema {
  private static final Logger LOG = LoggerFactory.getLogger(FreshSchema.class);

  /** Keeps replicas of a PostgreSQL database that start together from making it twice. */
  private static final long POSTGRES_LOCK = 0x4a756e6374696f6eL; // "Junction"

  private FreshSchema() {}

  /**
   * Makes the whole schema in {@code dataSource}'s database if it has no table yet; returns whether
   * the schema is now current (made here, or by a replica this one waited for).
   */
  static boolean make(DataSource dataSource, String location, boolean postgresql) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        boolean made = make(connection, location, postgresql);
        if (made) {
          connection.commit();
        } else {
          connection.rollback();
        }
        return made;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        LOG.info(
            "Could not make a fresh schema in one transaction; Flyway migrates it: {}",
            e.toString());
        return false;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      LOG.info(
          "Could not make a fresh schema in one transaction; Flyway migrates it: {}", e.toString());
      return false;
    }
  }

  private static boolean make(Connection connection, String location, boolean postgresql)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (postgresql) {
        statement.execute("SELECT pg_advisory_xact_lock(" + POSTGRES_LOCK + ")");
      }
      if (tables(statement, postgresql) != 0) {
        // Current if another replica made it while this one waited for the lock; otherwise
        // (an older schema, or not ours) Flyway's.
        return Migrations.upToDate(connection);
      }
      String installedBy = postgresql ? currentUser(statement) : "";
      long[] millis = new long[Migrations.SCRIPTS.size()];
      for (int i = 0; i < millis.length; i++) {
        long began = System.nanoTime();
        statement.executeUpdate(text(location + "/" + Migrations.SCRIPTS.get(i)));
        millis[i] = (System.nanoTime() - began) / 1_000_000;
      }
      for (String ddl : postgresql ? POSTGRES_HISTORY : SQLITE_HISTORY) {
        statement.execute(ddl);
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                  + " script, checksum, installed_by, execution_time, success)"
                  + " VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < millis.length; i++) {
          String script = Migrations.SCRIPTS.get(i);
          insert.setInt(1, i + 1);
          insert.setString(2, version(script));
          insert.setString(3, description(script));
          insert.setString(4, script);
          insert.setInt(5, checksum(location + "/" + script));
          insert.setString(6, installedBy);
          insert.setLong(7, millis[i]);
          insert.setBoolean(8, true);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return true;
    }
  }

  /** Returns how many tables the database (PostgreSQL: the connection's schema) holds. */
  private static int tables(Statement statement, boolean postgresql) throws SQLException {
    String query =
        postgresql
            ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
    try (ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String currentUser(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT current_user")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** {@code V12__two_words.sql} is version {@code 12}. */
  static String version(String script) {
    return script.substring(1, script.indexOf("__"));
  }

  /** {@code V12__two_words.sql} is described as {@code two words}, as Flyway does. */
  static String description(String script) {
    return script
        .substring(script.indexOf("__") + 2, script.length() - ".sql".length())
        .replace('_', ' ');
  }

  /**
   * Flyway's checksum of a script: the CRC-32 of its lines without their line breaks (and without a
   * byte-order mark), as a signed 32-bit number.
   */
  static int checksum(String resource) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      String line = lines.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = lines.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }

  private static String text(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = FreshSchema.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing migration script " + resource);
    }
    return in;
  }

  /** Flyway's schema history table on SQLite, as Flyway 13 creates it. */
  private static final List<String> SQLITE_HISTORY =
      List.of(
          """
          CREATE TABLE "flyway_schema_history" (
              "installed_rank" INT NOT NULL PRIMARY KEY,
              "version" VARCHAR(50),
              "description" VARCHAR(200) NOT NULL,
              "type" VARCHAR(20) NOT NULL,
              "script" VARCHAR(1000) NOT NULL,
              "checksum" INT,
              "installed_by" VARCHAR(100) NOT NULL,
              "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
              "execution_time" INT NOT NULL,
              "success" BOOLEAN NOT NULL
          )""",
          "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\""
              + " (\"success\")");

  /** Flyway's schema history table on PostgreSQL, as Flyway 13 creates it. */
  private static final List<String> POSTGRES_HISTORY =
      List.of(
          """
          CREATE TABLE "flyway_schema_history" (
              "installed_rank" INT NOT NULL,
              "version" VARCHAR(50),
              "description" VARCHAR(200) NOT NULL,
              "type" VARCHAR(20) NOT NULL,
              "script" VARCHAR(1000) NOT NULL,
              "checksum" INTEGER,
              "installed_by" VARCHAR(100) NOT NULL,
              "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
              "execution_time" INTEGER NOT NULL,
              "success" BOOLEAN NOT NULL
          )""",
          "ALTER TABLE \"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\""
              + " PRIMARY KEY (\"installed_rank\")",
          "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\""
              + " (\"success\")");
}
