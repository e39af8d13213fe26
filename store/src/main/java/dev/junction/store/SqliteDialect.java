package dev.junction.store;

import dev.junction.core.store.UniqueKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: one writer at a time (write transactions begin IMMEDIATE on a single connection), so
 * locks are not needed and a claim is a read followed by an update in the same transaction. Only
 * one process opens the file, so no other process needs to hear of a router's change.
 */
final class SqliteDialect implements Dialect {

  @Override
  public Optional<UniqueKey> uniqueViolation(SQLException e) {
    if (!(e instanceof SQLiteException sqlite)) {
      return Optional.empty();
    }
    SQLiteErrorCode code = sqlite.getResultCode();
    if (code != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        && code != SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Optional.empty();
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    return Dialect.keyOf(message);
  }

  /** One writer at a time cannot deadlock; a busy database is waited for (busy_timeout). */
  @Override
  public boolean mustRunAgain(SQLException e) {
    return false;
  }

  @Override
  public String jsonText(String column, String key) {
    return "json_extract(" + column + ", '$." + key + "')";
  }

  @Override
  public String lockRows() {
    return "";
  }

  @Override
  public String lockRowsSkippingLocked() {
    return "";
  }

  @Override
  public String lockRowsForChange() {
    return "";
  }

  @Override
  public String keepRows() {
    return "";
  }

  @Override
  public void lockScope(Connection connection, String scope) {}

  @Override
  public boolean tryHold(Connection connection, int kind, long key) {
    return true;
  }

  @Override
  public void announce(
      Connection connection, Collection<String> routerIds, boolean operationsDue) {}

  @Override
  public List<String> claim(
      Connection connection, String worker, long now, long leaseUntil, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id FROM (" + FAIR_ORDER + ") ORDER BY turn, next_run_at, seq LIMIT ?")) {
      select.setLong(1, now);
      select.setLong(2, now);
      select.setInt(3, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE operations SET lease_owner = ?, lease_until = ?, version = version + 1"
                + " WHERE id = ?")) {
      for (String id : ids) {
        update.setString(1, worker);
        update.setLong(2, leaseUntil);
        update.setString(3, id);
        update.addBatch();
      }
      update.executeBatch();
    }
    return ids;
  }
}
