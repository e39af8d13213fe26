package dev.junction.store;

import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.store.UniqueViolation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Runs the statements of one transaction on its connection: binds parameters, reads rows, pages,
 * and maps a failure to a {@link UniqueViolation} or a {@link StoreException}. Every feature's rows
 * go through it.
 */
final class Statements {
  private final Connection connection;
  private final Dialect dialect;
  private final boolean writable;
  private final int maxPageSize;
  private final StatementCache cache;

  Statements(Connection connection, Dialect dialect, boolean writable, int maxPageSize) {
    this.connection = connection;
    this.dialect = dialect;
    this.writable = writable;
    this.maxPageSize = maxPageSize;
    this.cache = cacheOf(connection);
  }

  /** Returns the statements kept with {@code connection}, or null if it keeps none. */
  private static StatementCache cacheOf(Connection connection) {
    try {
      return StatementCachingDataSource.cacheOf(connection);
    } catch (SQLException e) {
      return null;
    }
  }

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Runs one step on the connection itself, for the few statements a {@link Dialect} owns. */
  @FunctionalInterface
  interface ConnectionWork<T> {
    T run(Connection connection, Dialect dialect) throws SQLException;
  }

  Dialect dialect() {
    return dialect;
  }

  boolean writable() {
    return writable;
  }

  <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
    PreparedStatement statement = prepare(sql);
    boolean reusable = false;
    try {
      binder.bind(statement);
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(reader.read(result));
        }
      }
      reusable = true;
      return rows;
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      release(sql, statement, reusable);
    }
  }

  /**
   * Returns the statement of {@code sql}: the one the connection keeps ({@link StatementCache}),
   * prepared by an earlier transaction, or a new one.
   */
  private PreparedStatement prepare(String sql) {
    try {
      return cache == null ? connection.prepareStatement(sql) : cache.take(sql);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Ends a use of {@code statement}: keeps it for the next use if its use succeeded and the
   * connection keeps statements, closes it otherwise.
   */
  private void release(String sql, PreparedStatement statement, boolean reusable) {
    if (reusable && cache != null) {
      cache.giveBack(sql, statement);
    } else {
      StatementCache.close(statement);
    }
  }

  <T> Optional<T> queryOne(String sql, Binder binder, RowReader<T> reader) {
    List<T> rows = query(sql, binder, reader);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** Runs a statement that changes rows and returns what it returns ({@code RETURNING}). */
  <T> List<T> change(String sql, Binder binder, RowReader<T> reader) {
    requireWritable();
    return query(sql, binder, reader);
  }

  int update(String sql, Binder binder) {
    requireWritable();
    PreparedStatement statement = prepare(sql);
    boolean reusable = false;
    try {
      binder.bind(statement);
      int changed = statement.executeUpdate();
      reusable = true;
      return changed;
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      release(sql, statement, reusable);
    }
  }

  /** Runs an update that must change exactly one row. */
  void updateOne(String sql, String what, Binder binder) {
    if (update(sql, binder) != 1) {
      throw new IllegalStateException(what + " does not exist");
    }
  }

  int count(String sql, Binder binder) {
    return queryOne(sql, binder, row -> row.getInt(1)).orElse(0);
  }

  /**
   * Runs {@code work}, a few writes; if they break a uniqueness rule, undoes them (back to a
   * savepoint) and rethrows the {@link UniqueViolation}, leaving the transaction usable, as SQLite
   * does for the failing statement and PostgreSQL does not on its own.
   */
  void undoingOnlyThisOnConflict(Runnable work) {
    requireWritable();
    Savepoint savepoint;
    try {
      savepoint = connection.setSavepoint();
    } catch (SQLException e) {
      throw failure(e);
    }
    try {
      work.run();
    } catch (UniqueViolation violation) {
      try {
        connection.rollback(savepoint);
      } catch (SQLException e) {
        violation.addSuppressed(e);
        throw failure(e);
      }
      throw violation;
    }
    try {
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  <T> T onConnection(ConnectionWork<T> work) {
    try {
      return work.run(connection, dialect);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  RuntimeException failure(SQLException e) {
    if (JdbcStore.isUnreachable(e)) {
      return new StoreUnavailable(e);
    }
    return dialect
        .uniqueViolation(e)
        .<RuntimeException>map(key -> new UniqueViolation(key, e))
        .orElseGet(() -> new StoreException("a database statement failed", e));
  }

  void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("write in a read-only transaction");
    }
  }

  /** Returns {@code sql} locking the rows it reads, in a write transaction. */
  String locked(String sql) {
    return writable ? sql + dialect.lockRows() : sql;
  }

  /** One row of a page and its position in the list. */
  private record Positioned<T>(long seq, T item) {}

  /** Returns a page of rows from {@code sql} ordered by seq, fetching one extra row. */
  <T> Page<T> page(
      String sql,
      List<Object> parameters,
      PageRequest page,
      boolean newestFirst,
      RowReader<T> reader) {
    int size = Math.min(page.size(), maxPageSize);
    StringBuilder full = new StringBuilder(sql);
    List<Object> values = new ArrayList<>(parameters);
    if (page.after().isPresent()) {
      full.append(newestFirst ? " AND seq < ?" : " AND seq > ?");
      values.add(page.after().get());
    }
    full.append(" ORDER BY seq").append(newestFirst ? " DESC" : "").append(" LIMIT ?");
    values.add(size + 1);
    List<Positioned<T>> rows =
        query(
            full.toString(),
            statement -> bindAll(statement, values),
            row -> new Positioned<>(row.getLong("seq"), reader.read(row)));
    List<T> items = rows.stream().limit(size).map(Positioned::item).toList();
    if (rows.size() <= size) {
      return new Page<>(items, Optional.empty());
    }
    return new Page<>(items, Optional.of(rows.get(size - 1).seq()));
  }

  /** Binds strings, ints and longs from parameter 1 on. */
  static void bindAll(PreparedStatement statement, List<?> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof Integer number) {
        statement.setInt(i + 1, number);
      } else if (value instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        statement.setString(i + 1, (String) value);
      }
    }
  }

  static void setOptionalInstant(PreparedStatement s, int index, Optional<Instant> at)
      throws SQLException {
    if (at.isPresent()) {
      s.setLong(index, JsonColumns.nanos(at.get()));
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }

  /** Returns the instant in column {@code column}, empty if it is NULL. */
  static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    long nanos = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(JsonColumns.instant(nanos));
  }

  static void appendNames(StringBuilder sql, List<Object> values, NameFilter names) {
    appendNames(sql, values, "name", names);
  }

  /** Appends the conditions of {@code names} on the SQL expression {@code column}. */
  static void appendNames(StringBuilder sql, List<Object> values, String column, NameFilter names) {
    names
        .anyOf()
        .ifPresent(
            any -> {
              if (any.isEmpty()) {
                sql.append(" AND 1 = 0");
                return;
              }
              sql.append(" AND ").append(column).append(" IN (");
              sql.append(placeholders(any.size())).append(')');
              values.addAll(any);
            });
    if (!names.noneOf().isEmpty()) {
      sql.append(" AND ").append(column).append(" NOT IN (");
      sql.append(placeholders(names.noneOf().size())).append(')');
      values.addAll(names.noneOf());
    }
  }

  static void appendIn(
      StringBuilder sql, List<Object> values, String column, Collection<String> allowed) {
    if (allowed.isEmpty()) {
      sql.append(" AND 1 = 0");
      return;
    }
    sql.append(" AND ").append(column).append(" IN (").append(placeholders(allowed.size()));
    sql.append(')');
    values.addAll(allowed);
  }

  static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
