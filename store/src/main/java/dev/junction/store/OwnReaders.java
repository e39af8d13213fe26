package dev.junction.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
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
 *
 * <p>A thread's reads share one snapshot while nothing commits: a read leaves its transaction open,
 * and the next read on the thread runs in it if the store has committed nothing since it began and
 * it is younger than {@link #MAX_SNAPSHOT_AGE}; otherwise the transaction ends and the read begins
 * another. Ending and beginning a transaction cost about as much as the read of one row. The store
 * counts its commits before it tells any caller that its write is done, so a read never misses a
 * write whose caller was answered. A write by another process on the same file is seen within the
 * snapshot's age. An open snapshot holds back the write-ahead log's checkpoint, so an owner thread
 * ends its snapshot at least every {@link #MAX_SNAPSHOT_AGE} when idle ({@link #endSnapshot}).
 */
final class OwnReaders implements AutoCloseable {
  /** How long a thread's reads may share one snapshot at most. */
  static final Duration MAX_SNAPSHOT_AGE = Duration.ofMillis(100);

  private static final OwnReaders NONE = new OwnReaders(null, thread -> false);

  /** The work a read runs on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** One thread's connection, and the snapshot its last read left open. */
  static final class Reader {
    private static final long NO_SNAPSHOT = -1;

    private final Connection connection;

    /** The store's commits counted before the open snapshot began, or {@link #NO_SNAPSHOT}. */
    private long snapshotOf = NO_SNAPSHOT;

    private long snapshotSince;

    /** Whether a read runs on this connection now (the thread's own, so no other thread asks). */
    private boolean reading;

    private Reader(Connection connection) {
      this.connection = connection;
    }

    /**
     * Runs {@code work} in this thread's open snapshot if the store has committed nothing since it
     * began ({@code committed} is the store's count of commits, taken now) and it is young enough,
     * or in a new one.
     */
    <T> T read(long committed, Work<T> work) throws SQLException {
      if (reading) {
        // A read within a read runs in the outer one's transaction, which the outer one ends.
        return work.apply(connection);
      }
      long now = System.nanoTime();
      if (snapshotOf != committed || now - snapshotSince > MAX_SNAPSHOT_AGE.toNanos()) {
        if (snapshotOf != NO_SNAPSHOT) {
          snapshotOf = NO_SNAPSHOT;
          connection.commit();
        }
        // The next statement begins the snapshot: after the count was taken, so that a commit
        // counted later ends it.
        snapshotOf = committed;
        snapshotSince = now;
      }
      reading = true;
      try {
        return work.apply(connection);
      } catch (RuntimeException | Error | SQLException e) {
        snapshotOf = NO_SNAPSHOT;
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        reading = false;
      }
    }

    /** Ends the open snapshot, if any, unless a read is under way on this thread. */
    void endSnapshot() throws SQLException {
      if (snapshotOf != NO_SNAPSHOT && !reading) {
        snapshotOf = NO_SNAPSHOT;
        connection.commit();
      }
    }
  }

  private final DataSource source;
  private final Predicate<Thread> owners;
  private final ThreadLocal<Reader> readers = new ThreadLocal<>();
  private final Set<Reader> open = ConcurrentHashMap.newKeySet();
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
   * Returns the calling thread's own reader, opening its connection on the thread's first read, or
   * null if this thread reads through the pool.
   *
   * @throws SQLException if the connection cannot be opened, or the store is closed
   */
  Reader mine() throws SQLException {
    Reader reader = readers.get();
    if (reader == null && !owners.test(Thread.currentThread())) {
      return null;
    }
    if (closed) {
      throw new SQLNonTransientConnectionException("the store is closed");
    }
    if (reader == null) {
      Connection connection = source.getConnection();
      connection.setAutoCommit(false);
      reader = new Reader(connection);
      open.add(reader);
      readers.set(reader);
      if (closed) {
        drop(reader);
        throw new SQLNonTransientConnectionException("the store is closed");
      }
    }
    return reader;
  }

  /**
   * Ends the snapshot the calling thread's reads share, if it keeps one open: for an owner thread
   * to call when idle, at least every {@link #MAX_SNAPSHOT_AGE}.
   */
  void endSnapshot() {
    Reader reader = readers.get();
    if (reader == null || closed) {
      return;
    }
    try {
      reader.endSnapshot();
    } catch (SQLException e) {
      drop(reader);
    }
  }

  /**
   * Closes the calling thread's connection after it failed; the thread's next read opens another.
   */
  void drop(Reader reader) {
    readers.remove();
    open.remove(reader);
    try {
      reader.connection.close();
    } catch (SQLException e) {
      // Already broken: the failure that made the caller drop it is the one to report.
    }
  }

  /** Closes every thread's connection; a read on one of those threads afterwards fails. */
  @Override
  public void close() {
    closed = true;
    for (Reader reader : open) {
      open.remove(reader);
      try {
        reader.connection.close();
      } catch (SQLException e) {
        // Closing: nothing more is read through it.
      }
    }
  }
}
