package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create counts the connections of its kind on the trunk inside the writing transaction; on both
 * engines the count is answered from the index on (trunk_id, kind) alone. Read from the table, it
 * cost hundreds of pages a create once trunks carried hundreds of connections, and the creates a
 * second fell as the store grew.
 */
class QuotaCountPlanTest {
  @TempDir Path dir;

  @Test
  void sqliteCountsFromTheIndexAlone() throws SQLException {
    Path file = dir.resolve("junction.db");
    SqliteStore.open(file, TestKeys.cipher()).close();

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(plan(connection, "EXPLAIN QUERY PLAN " + AttachmentRows.COUNT_OF_KIND_ON_TRUNK))
          .singleElement()
          .asString()
          .contains("USING COVERING INDEX attachments_trunk_kind");
    }
  }

  @Test
  void postgresqlCountsFromTheIndexAlone() throws SQLException {
    String url = TestPostgres.newDatabase();
    PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher()).close();

    try (Connection connection = TestPostgres.connect(url)) {
      try (Statement statement = connection.createStatement()) {
        // An empty table is cheapest read whole; the question is which index a count can use.
        statement.execute("SET enable_seqscan = off");
      }
      assertThat(plan(connection, "EXPLAIN " + AttachmentRows.COUNT_OF_KIND_ON_TRUNK))
          .anySatisfy(
              line -> assertThat(line).contains("Index Only Scan using attachments_trunk_kind"));
    }
  }

  private static List<String> plan(Connection connection, String explain) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(explain)) {
      statement.setString(1, "cft-trunk");
      statement.setString(2, "PRIVATE");
      try (ResultSet rows = statement.executeQuery()) {
        int detail = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          lines.add(rows.getString(detail));
        }
      }
    }
    return lines;
  }
}
