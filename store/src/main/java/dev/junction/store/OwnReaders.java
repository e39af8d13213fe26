package dev.junction.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Read connections kept one per thread, for threads that must never wait for a pool's connection:
 * the web server's event loops, which run the embedded store's reads where they are instead of
 * handing them to the blocking pool (docs/performance.md, "P1: reads where the request is"). A
 * thread of the kind this store was told about opens its connection on its first read and keeps it
 * until the store closes; any other thread has none and reads through the pool. Each connection is
 * in manual-commit mode from its opening, as the read pool's are, and only its thread uses it.
 */
final class OwnReaders implements AutoCloseable {
  private static final OwnReaders NONE = new OwnReaders(null, thread -> false);

  private final DataSource source;
  private final Predicate<Thread> owners;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param source opens the connections (with their statement caches)
   * @param owners the threads that keep a connection of their own
   */
  OwnReaders(DataSource source, Predicate<Thread> owners) {
    this.source = source;
    this.owners = requireNonNull(owners, "owners");
  }

  /** Returns readers that no thread has: every read goes through the pool. */
  static OwnReaders none() {
    return NONE;
  }

  /**
   * Returns the calling thread's own connection, opening it on the thread's first read, or null if
   * this thread reads through the pool.
   *
   * @throws SQLException if the connection cannot be opened, or the store is closed
   */
  Connection mine() throws SQLException {
    Connection connection = connections.get();
    if (connection == null && !owners.test(Thread.currentThread())) {
      return null;
    }
    if (closed) {
      throw new SQLNonTransientConnectionException("the store is closed");
    }
    if (connection == null) {
      connection = source.getConnection();
      connection.setAutoCommit(false);
      open.add(connection);
      connections.set(connection);
      if (closed) {
        drop(connection);
        throw new SQLNonTransientConnectionException("the store is closed");
      }
    }
    return connection;
  }

  /**
   * Closes the calling thread's connection after it failed; the thread's next read opens another.
   */
  void drop(Connection connection) {
    connections.remove();
    open.remove(connection);
    try {
      connection.close();
    } catch (SQLException e) {
      // Already broken: the failure that made the caller drop it is the one to report.
    }
  }

  /** Returns how many threads hold a connection of their own. */
  int count() {
    return open.size();
  }

  /** Closes every thread's connection; a read on one of those threads afterwards fails. */
  @Override
  public void close() {
    closed = true;
    for (Connection connection : open) {
      open.remove(connection);
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing: nothing more is read through it.
      }
    }
  }
}
