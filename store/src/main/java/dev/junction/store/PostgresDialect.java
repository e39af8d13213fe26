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
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL: rows read to be changed are locked ({@code FOR UPDATE}), scopes are locked through
 * their row in {@code scopes}, a held key is an advisory lock of the transaction, a claim is one
 * statement that skips rows other workers hold, and once a write that changed routers has
 * committed, a statement of its own notifies {@value #CHANNEL} once per router.
 */
final class PostgresDialect implements Dialect {
  /** The channel on which a commit names each router it changed. */
  static final String CHANNEL = "junction_router";

  /** The channel on which a commit says that operations were inserted or made due. */
  static final String OPERATIONS_CHANNEL = "junction_operations";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String SERIALIZATION_FAILURE = "40001";
  private static final String DEADLOCK = "40P01";

  @Override
  public Optional<UniqueKey> uniqueViolation(SQLException e) {
    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return Optional.empty();
    }
    String constraint = "";
    if (e instanceof PSQLException psql) {
      ServerErrorMessage detail = psql.getServerErrorMessage();
      if (detail != null && detail.getConstraint() != null) {
        constraint = detail.getConstraint();
      }
    }
    return Dialect.keyOf(constraint);
  }

  @Override
  public boolean mustRunAgain(SQLException e) {
    return SERIALIZATION_FAILURE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
  }

  @Override
  public String jsonText(String column, String key) {
    return "(" + column + "::json ->> '" + key + "')";
  }

  @Override
  public String lockRows() {
    return " FOR UPDATE";
  }

  @Override
  public String lockRowsSkippingLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String lockRowsForChange() {
    return " FOR NO KEY UPDATE";
  }

  @Override
  public String keepRows() {
    return " FOR KEY SHARE";
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement, in autocommit, names every router and the operations: one round trip, where a
   * statement each and a {@code COMMIT} took three or four. Its commit does not wait for the disk:
   * a transaction that only notifies writes nothing to the log before its commit record, and
   * PostgreSQL flushes such a commit lazily whatever {@code synchronous_commit} says.
   */
  @Override
  public void announce(Connection connection, Collection<String> routerIds, boolean operationsDue)
      throws SQLException {
    if (routerIds.isEmpty() && !operationsDue) {
      return;
    }
    List<String> channels = new ArrayList<>(routerIds.size() + 1);
    List<String> payloads = new ArrayList<>(routerIds.size() + 1);
    for (String routerId : routerIds) {
      channels.add(CHANNEL);
      payloads.add(routerId);
    }
    if (operationsDue) {
      channels.add(OPERATIONS_CHANNEL);
      payloads.add("");
    }
    connection.setAutoCommit(true);
    try (PreparedStatement notify =
        connection.prepareStatement(
            "SELECT pg_notify(n.channel, n.payload)"
                + " FROM unnest(?::text[], ?::text[]) AS n (channel, payload)")) {
      notify.setArray(1, connection.createArrayOf("text", channels.toArray()));
      notify.setArray(2, connection.createArrayOf("text", payloads.toArray()));
      notify.executeQuery().close();
    } finally {
      connection.setAutoCommit(false);
    }
  }

  @Override
  public void lockScope(Connection connection, String scope) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO scopes (id) VALUES (?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, scope);
      insert.executeUpdate();
    }
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT id FROM scopes WHERE id = ? FOR UPDATE")) {
      lock.setString(1, scope);
      lock.executeQuery().close();
    }
  }

  /** Holds an advisory lock of the transaction: ({@code kind}, the key's low 32 bits). */
  @Override
  public boolean tryHold(Connection connection, int kind, long key) throws SQLException {
    try (PreparedStatement hold =
        connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
      hold.setInt(1, kind);
      hold.setInt(2, (int) key);
      try (ResultSet row = hold.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  @Override
  public List<String> claim(
      Connection connection, String worker, long now, long leaseUntil, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement claim =
        connection.prepareStatement(
            "UPDATE operations SET lease_owner = ?, lease_until = ?, version = version + 1"
                + " WHERE id IN (SELECT id FROM operations WHERE id IN (SELECT id FROM ("
                + FAIR_ORDER
                + ") ranked ORDER BY turn, next_run_at, seq LIMIT ?) AND done = 0"
                + " AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                + " FOR UPDATE SKIP LOCKED) RETURNING id, next_run_at, seq")) {
      // The window function picks the rows and cannot lock them; the outer select locks the rows
      // picked, skipping those another worker is claiming, and checks again that they are free.
      claim.setString(1, worker);
      claim.setLong(2, leaseUntil);
      claim.setLong(3, now);
      claim.setLong(4, now);
      claim.setInt(5, limit);
      claim.setLong(6, now);
      claim.setLong(7, now);
      try (ResultSet rows = claim.executeQuery()) {
        List<long[]> order = new ArrayList<>();
        List<String> found = new ArrayList<>();
        while (rows.next()) {
          found.add(rows.getString(1));
          order.add(new long[] {rows.getLong(2), rows.getLong(3), found.size() - 1});
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] entry : order) {
          ids.add(found.get((int) entry[2]));
        }
      }
    }
    return ids;
  }
}
