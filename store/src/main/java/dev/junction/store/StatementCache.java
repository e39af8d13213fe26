package dev.junction.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one physical connection, kept between transactions so that a query the
 * store runs again is not prepared (parsed and planned) again: at most {@link #CAPACITY}, the least
 * recently used closed first, all closed with the connection.
 *
 * <p>A statement is taken for one use and given back once its result has been read; a statement in
 * use is not in the cache, so a query that runs while the same query's rows are being read (nested)
 * gets a statement of its own. A statement whose use failed is closed, not given back. The pool
 * hands a connection to one thread at a time; the lock only orders that thread with the pool's
 * closing of the connection.
 */
final class StatementCache {
  /**
   * The statements kept per connection: the store's fixed queries number a few dozen; the rest
   * (lists of a variable length of ids or names) are many but each rare.
   */
  static final int CAPACITY = 64;

  private final Connection connection;
  private final int capacity;
  private final LinkedHashMap<String, PreparedStatement> idle;
  private boolean closed;

  StatementCache(Connection connection, int capacity) {
    this.connection = connection;
    this.capacity = capacity;
    this.idle = new LinkedHashMap<>(capacity * 2, 0.75f, true);
  }

  /** Returns the statement of {@code sql}: the one kept, or a new one. */
  PreparedStatement take(String sql) throws SQLException {
    synchronized (this) {
      PreparedStatement kept = idle.remove(sql);
      if (kept != null) {
        return kept;
      }
    }
    return connection.prepareStatement(sql);
  }

  /**
   * Keeps {@code statement}, whose use succeeded and whose result is closed, for the next use of
   * {@code sql}; closes it instead if the cache is closed or already holds one for {@code sql}, and
   * closes the least recently used statement when over capacity.
   */
  void giveBack(String sql, PreparedStatement statement) {
    List<PreparedStatement> closing = new ArrayList<>(1);
    try {
      statement.clearParameters();
    } catch (SQLException e) {
      close(statement);
      return;
    }
    synchronized (this) {
      if (closed || idle.containsKey(sql)) {
        closing.add(statement);
      } else {
        idle.put(sql, statement);
        Iterator<Map.Entry<String, PreparedStatement>> eldest = idle.entrySet().iterator();
        while (idle.size() > capacity && eldest.hasNext()) {
          closing.add(eldest.next().getValue());
          eldest.remove();
        }
      }
    }
    closing.forEach(StatementCache::close);
  }

  /** Returns how many statements are kept; for tests. */
  synchronized int size() {
    return idle.size();
  }

  /** Closes every statement kept; later statements given back are closed at once. */
  void close() {
    List<PreparedStatement> closing;
    synchronized (this) {
      closed = true;
      closing = new ArrayList<>(idle.values());
      idle.clear();
    }
    closing.forEach(StatementCache::close);
  }

  /**
   * Closes {@code statement}; a statement that cannot be closed is dropped, since the connection
   * frees it when it closes.
   */
  static void close(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Nothing else holds it; its connection releases it on close.
    }
  }
}
