package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.util.DriverDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prepared statements a connection keeps, on a real SQLite file. */
class StatementCacheTest {
  @TempDir Path dir;

  private Connection open(int capacity) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("cache.db").toAbsolutePath();
    return new StatementCachingDataSource(
            new DriverDataSource(url, null, new Properties(), null, null), capacity)
        .getConnection();
  }

  @Test
  void aQueryRunAgainUsesTheStatementPreparedTheFirstTime() throws SQLException {
    try (Connection connection = open(4)) {
      StatementCache cache = StatementCachingDataSource.cacheOf(connection);
      PreparedStatement first = cache.take("SELECT ?");
      cache.giveBack("SELECT ?", first);

      assertThat(cache.take("SELECT ?")).isSameAs(first);
      assertThat(first.isClosed()).isFalse();
    }
  }

  @Test
  void transactionsOnOneConnectionShareItsStatementsAndReadTheirOwnParameters()
      throws SQLException {
    try (Connection connection = open(4)) {
      StatementCache cache = StatementCachingDataSource.cacheOf(connection);
      for (int i = 1; i <= 3; i++) {
        int value = i;
        Statements sql = new Statements(connection, new SqliteDialect(), false, 100);
        assertThat(sql.query("SELECT ?", s -> s.setInt(1, value), row -> row.getInt(1)))
            .containsExactly(value);
      }
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  void aStatementWhoseUseFailedIsClosedNotKept() throws SQLException {
    try (Connection connection = open(4)) {
      StatementCache cache = StatementCachingDataSource.cacheOf(connection);
      Statements sql = new Statements(connection, new SqliteDialect(), false, 100);
      sql.query("SELECT ?", s -> s.setInt(1, 1), row -> row.getInt(1));
      PreparedStatement kept = cache.take("SELECT ?");
      cache.giveBack("SELECT ?", kept);

      assertThatThrownBy(
              () ->
                  sql.query(
                      "SELECT ?",
                      s -> {
                        throw new SQLException("binding failed");
                      },
                      row -> row.getInt(1)))
          .isInstanceOf(StoreException.class);
      assertThat(kept.isClosed()).isTrue();
      assertThat(cache.size()).isZero();
    }
  }

  @Test
  void aQueryRunWhileTheSameQueryIsInUseGetsAStatementOfItsOwn() throws SQLException {
    try (Connection connection = open(4)) {
      Statements sql = new Statements(connection, new SqliteDialect(), false, 100);
      List<List<Integer>> nested =
          sql.query(
              "SELECT ? UNION ALL SELECT ?",
              s -> {
                s.setInt(1, 1);
                s.setInt(2, 2);
              },
              row -> {
                int outer = row.getInt(1);
                return sql.query(
                    "SELECT ? UNION ALL SELECT ?",
                    s -> {
                      s.setInt(1, outer * 10);
                      s.setInt(2, outer * 10 + 1);
                    },
                    inner -> inner.getInt(1));
              });
      assertThat(nested).containsExactly(List.of(10, 11), List.of(20, 21));
      assertThat(StatementCachingDataSource.cacheOf(connection).size()).isEqualTo(1);
    }
  }

  @Test
  void beyondItsCapacityTheLeastRecentlyUsedStatementIsClosed() throws SQLException {
    try (Connection connection = open(2)) {
      StatementCache cache = StatementCachingDataSource.cacheOf(connection);
      PreparedStatement one = cache.take("SELECT 1");
      cache.giveBack("SELECT 1", one);
      PreparedStatement two = cache.take("SELECT 2");
      cache.giveBack("SELECT 2", two);
      cache.giveBack("SELECT 1", cache.take("SELECT 1"));
      PreparedStatement three = cache.take("SELECT 3");
      cache.giveBack("SELECT 3", three);

      assertThat(cache.size()).isEqualTo(2);
      assertThat(two.isClosed()).isTrue();
      assertThat(one.isClosed()).isFalse();
      assertThat(three.isClosed()).isFalse();
    }
  }

  @Test
  void closingTheConnectionClosesItsStatements() throws SQLException {
    Connection connection = open(4);
    StatementCache cache = StatementCachingDataSource.cacheOf(connection);
    PreparedStatement kept = cache.take("SELECT 1");
    cache.giveBack("SELECT 1", kept);

    connection.close();

    assertThat(kept.isClosed()).isTrue();
    assertThat(cache.size()).isZero();
    assertThat(connection.isClosed()).isTrue();
  }
}
