package dev.junction.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.store.WriteTx;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Store} on JDBC. A read is one transaction on one pooled connection; a thread that keeps
 * a connection of its own ({@link OwnReaders}) reads on it instead, in one snapshot while nothing
 * commits. Writes share commits ({@link GroupCommit}): the works that callers hand in at the same
 * time run one after the other in one transaction, each behind a savepoint of its own, and the
 * transaction commits once; only then does each caller get its result. A work that throws is rolled
 * back to its savepoint and only its caller gets the exception; if the commit fails, every caller
 * of the batch gets the failure and none of their changes is kept. A batch of one work runs without
 * a savepoint, exactly as a lone transaction. Secrets are sealed with the store's {@link
 * SecretCipher} on their way in and opened on their way out.
 *
 * <p>A transaction the database undoes for a deadlock or a serialization failure runs again: a
 * batch's works each in a transaction of their own, a single work a few times at most, so that such
 * a failure never reaches a caller while retrying may still succeed; a work must therefore have no
 * effect outside its transaction ({@link Store#write}).
 *
 * <p>A write transaction remembers the routers whose desired sequence it advanced; once it has
 * committed, the store calls its {@link #onRouterChanged} listeners with each. On PostgreSQL it
 * then also notifies the other processes on the database, in a short transaction of its own ({@link
 * Dialect#announce}), and a listening thread of their stores passes what it hears to their
 * listeners. Commits that insert an unfinished operation or make one due are announced the same way
 * to the {@link #onOperationsDue} listeners, here and in the other processes.
 */
public final class JdbcStore implements Store {
  /** How many times a transaction runs at most when the database keeps undoing it. */
  private static final int ATTEMPTS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  /**
   * The most writes one commit carries: enough that a queue of a few hundred concurrent requests
   * drains in a few commits, few enough that a batch's locks and undo stay small.
   */
  static final int MAX_BATCH = 128;

  /** How long the reads of a thread with its own connection may share one snapshot at most. */
  public static final Duration READ_SNAPSHOT_AGE = OwnReaders.MAX_SNAPSHOT_AGE;

  private final HikariDataSource reads;
  private final OwnReaders ownReaders;
  private final HikariDataSource writes;
  private final Dialect dialect;
  private final SecretCipher cipher;
  private final int maxPageSize;
  private final RouterListeners listeners;
  private final OperationListeners operationListeners;
  private final AutoCloseable hearing;
  private final GroupCommit batches;
  private final LongAdder commits;
  private final LongAdder committedWrites;
  private final List<BatchObserver> batchObservers;

  JdbcStore(
      HikariDataSource reads,
      OwnReaders ownReaders,
      HikariDataSource writes,
      Dialect dialect,
      SecretCipher cipher,
      RouterListeners listeners,
      OperationListeners operationListeners,
      AutoCloseable hearing,
      int lanes,
      int maxBatch) {
    this(
        reads,
        ownReaders,
        writes,
        dialect,
        cipher,
        PageRequest.MAX_SIZE,
        listeners,
        operationListeners,
        hearing,
        lanes,
        maxBatch);
  }

  private JdbcStore(
      HikariDataSource reads,
      OwnReaders ownReaders,
      HikariDataSource writes,
      Dialect dialect,
      SecretCipher cipher,
      int maxPageSize,
      RouterListeners listeners,
      OperationListeners operationListeners,
      AutoCloseable hearing,
      int lanes,
      int maxBatch) {
    this.reads = reads;
    this.ownReaders = ownReaders;
    this.writes = writes;
    this.dialect = dialect;
    this.cipher = cipher;
    this.maxPageSize = maxPageSize;
    this.listeners = listeners;
    this.operationListeners = operationListeners;
    this.hearing = hearing;
    this.batchObservers = new CopyOnWriteArrayList<>();
    this.batches = new GroupCommit(lanes, maxBatch, this::runObservedBatch);
    this.commits = new LongAdder();
    this.committedWrites = new LongAdder();
  }

  /** Returns {@code store} with another page size cap, writing through the same batches. */
  private JdbcStore(JdbcStore store, int maxPageSize) {
    this.reads = store.reads;
    this.ownReaders = store.ownReaders;
    this.writes = store.writes;
    this.dialect = store.dialect;
    this.cipher = store.cipher;
    this.maxPageSize = maxPageSize;
    this.listeners = store.listeners;
    this.operationListeners = store.operationListeners;
    this.hearing = store.hearing;
    this.batches = store.batches;
    this.commits = store.commits;
    this.committedWrites = store.committedWrites;
    this.batchObservers = store.batchObservers;
  }

  /**
   * Returns this store (the same connections, and the same batches of writes) returning at most
   * {@code size} items per page, whatever a request asks for.
   */
  public JdbcStore withMaxPageSize(int size) {
    if (size < 1 || size > PageRequest.MAX_SIZE) {
      throw new IllegalArgumentException("the page size cap must be 1-" + PageRequest.MAX_SIZE);
    }
    return new JdbcStore(this, size);
  }

  /**
   * Seals every stored secret again with the current key of the ring, in one transaction, and
   * returns how many rows changed; afterwards the older keys may be removed from the ring.
   */
  public int rewrapSecrets() {
    return batches.run(JdbcTx::rewrapSecrets, maxPageSize);
  }

  @Override
  public <T> T read(Function<ReadTx, T> work) {
    return inReadTransaction(work::apply);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The work may share its transaction, and its commit, with the works of other callers (see the
   * class comment); it returns once that commit is durable.
   */
  @Override
  public <T> T write(Function<WriteTx, T> work) {
    return batches.run(work::apply, maxPageSize);
  }

  @Override
  public <T> T write(Duration queueWait, Function<WriteTx, T> work) {
    return batches.run(work::apply, maxPageSize, queueWait);
  }

  /**
   * Returns how many write transactions this store has committed: each carries one or more writes
   * ({@link #committedWrites}).
   */
  public long commits() {
    return commits.sum();
  }

  /**
   * Returns how many writes ({@link #write} calls) this store has committed, in {@link #commits}
   * transactions.
   */
  public long committedWrites() {
    return committedWrites.sum();
  }

  /** Returns how many write batches may run at once, each on a connection of its own. */
  int lanes() {
    return batches.lanes();
  }

  /** Waits until {@code count} writes queue behind the running batches; for tests. */
  void awaitQueuedWrites(int count) throws InterruptedException {
    batches.awaitQueued(count);
  }

  /**
   * Told of every batch of writes the store ran: how many works it carried and how long its
   * transaction took, from the first statement to the commit (or the failure), in nanoseconds.
   * Called on the thread that ran the batch; it must return quickly.
   */
  @FunctionalInterface
  public interface BatchObserver {
    void ran(int works, long nanos);
  }

  /**
   * How full one of the store's connection pools is.
   *
   * @param pool {@code reads} or {@code writes} (one pool serves both on PostgreSQL: {@code
   *     writes})
   * @param active connections lent out
   * @param idle connections open and free
   * @param max the most connections the pool opens
   * @param waiting callers waiting for a connection
   */
  public record PoolUsage(String pool, int active, int idle, int max, int waiting) {
    public PoolUsage {
      requireNonNull(pool, "pool");
    }
  }

  /** Calls {@code observer} with every batch of writes, once it committed or failed. */
  public void onBatch(BatchObserver observer) {
    batchObservers.add(requireNonNull(observer, "observer"));
  }

  /** Returns how full each connection pool is now. */
  public List<PoolUsage> pools() {
    return reads == writes
        ? List.of(usage("writes", writes))
        : List.of(usage("reads", reads), usage("writes", writes));
  }

  private static PoolUsage usage(String name, HikariDataSource pool) {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return new PoolUsage(name, 0, 0, pool.getMaximumPoolSize(), 0);
    }
    return new PoolUsage(
        name,
        bean.getActiveConnections(),
        bean.getIdleConnections(),
        pool.getMaximumPoolSize(),
        bean.getThreadsAwaitingConnection());
  }

  /**
   * Returns whether the database's schema holds every migration this build knows: what readiness
   * checks, since a replica of an older build may share the database.
   */
  public boolean migrationsApplied() {
    return Migrations.upToDate(reads);
  }

  private void runObservedBatch(List<GroupCommit.Queued<?>> batch) {
    long started = System.nanoTime();
    try {
      runBatch(batch);
    } finally {
      long nanos = System.nanoTime() - started;
      for (BatchObserver observer : batchObservers) {
        try {
          observer.ran(batch.size(), nanos);
        } catch (RuntimeException e) {
          LOG.warn("A batch observer failed", e);
        }
      }
    }
  }

  /**
   * Runs {@code batch} in one transaction and settles every work of it. If the database undid the
   * transaction for a deadlock or a serialization failure ({@link Dialect#mustRunAgain}), each work
   * runs again at once in a transaction of its own ({@link #runAlone}): one transaction holds the
   * locks of all the works of a batch, which can close a cycle of waits that the lock order each
   * single work keeps ({@link DesiredSequences}) never closes, so a batch is not tried twice.
   */
  private void runBatch(List<GroupCommit.Queued<?>> batch) {
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return;
    }
    try {
      commitBatch(batch);
      return;
    } catch (RuntimeException | Error e) {
      if (!mustRunAgain(e)) {
        for (GroupCommit.Queued<?> queued : batch) {
          queued.fail(e);
        }
        return;
      }
    }
    for (GroupCommit.Queued<?> queued : batch) {
      runAlone(queued);
    }
  }

  /**
   * Runs one work in a transaction of its own; if the database undid it for a deadlock or a
   * serialization failure, runs it again at once in a new transaction, at most {@value #ATTEMPTS}
   * times in all. No pause: the database already broke the cycle by undoing this transaction, and a
   * request thread does not sleep.
   */
  private void runAlone(GroupCommit.Queued<?> queued) {
    List<GroupCommit.Queued<?>> alone = List.of(queued);
    for (int attempt = 1; ; attempt++) {
      try {
        commitBatch(alone);
        return;
      } catch (RuntimeException | Error e) {
        if (attempt == ATTEMPTS || !mustRunAgain(e)) {
          queued.fail(e);
          return;
        }
      }
    }
  }

  /**
   * Runs every work of {@code batch} in one transaction, each behind a savepoint (unless it runs
   * alone), commits, and only then settles each work and tells the listeners of the works that
   * succeeded. Throws, settling nothing, if the batch as a whole failed: a work failed for a
   * deadlock or an unreachable database, a savepoint could not be taken, or the commit failed.
   */
  private void commitBatch(List<GroupCommit.Queued<?>> batch) {
    int size = batch.size();
    Object[] results = new Object[size];
    Throwable[] failures = new Throwable[size];
    Set<String> changed = new LinkedHashSet<>();
    boolean operationsDue = false;
    try (Connection connection = writes.getConnection()) {
      connection.setAutoCommit(false);
      try {
        for (int i = 0; i < size; i++) {
          GroupCommit.Queued<?> queued = batch.get(i);
          JdbcTx tx = new JdbcTx(connection, dialect, true, cipher, queued.maxPageSize());
          if (size == 1) {
            results[i] = queued.apply(tx);
          } else {
            failures[i] = applyBehindSavepoint(connection, queued, tx, results, i);
            if (failures[i] != null) {
              continue;
            }
          }
          changed.addAll(tx.changedRouters());
          operationsDue |= tx.operationsDue();
        }
        connection.commit();
      } catch (RuntimeException | Error | SQLException e) {
        rollBack(connection, e);
        throw e;
      }
      announce(connection, changed, operationsDue);
    } catch (SQLException e) {
      if (isUnreachable(e)) {
        throw new StoreUnavailable(e);
      }
      throw new StoreException("the database could not run a transaction", e);
    }
    // Counted before any caller or listener hears of the commit: a thread's shared read snapshot
    // ends when this count moves (OwnReaders), so no read misses a write that was answered.
    commits.increment();
    changed.forEach(listeners::changed);
    if (operationsDue) {
      operationListeners.due();
    }
    for (int i = 0; i < size; i++) {
      if (failures[i] == null) {
        committedWrites.increment();
        batch.get(i).succeed(results[i]);
      } else {
        batch.get(i).fail(failures[i]);
      }
    }
  }

  /**
   * Tells the other processes on the database what a commit changed, in a transaction of its own
   * right after it. Inside the write's transaction, the notification made the commit wait for every
   * other notifying commit (PostgreSQL holds a lock over its notification queue from a notifying
   * transaction's commit to its end), with the routers' sequence rows still held: sampling P2 on
   * PostgreSQL found most transactions waiting there. The write stands whatever happens here: if
   * the announcement fails, or the process stops before it, the other processes see the change at
   * their next read (an agent's wait for changes ends and reads again; the worker's backstop pass
   * runs every second).
   */
  private void announce(Connection connection, Set<String> changed, boolean operationsDue) {
    try {
      dialect.announce(connection, changed, operationsDue);
    } catch (SQLException e) {
      LOG.warn(
          "could not tell the other processes of a commit; they see it at their next read: {}",
          e.getMessage());
      try {
        connection.rollback();
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
    }
  }

  /**
   * Runs one work of a batch behind a savepoint and stores its result in {@code results[index]};
   * returns its failure, after rolling back to the savepoint, or null. Throws what must fail the
   * whole batch: a deadlock or serialization failure (the transaction is undone), an unreachable
   * database, or a savepoint the database refused.
   */
  private Throwable applyBehindSavepoint(
      Connection connection, GroupCommit.Queued<?> queued, JdbcTx tx, Object[] results, int index)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      results[index] = queued.apply(tx);
    } catch (RuntimeException | Error e) {
      if (mustRunAgain(e) || e instanceof StoreUnavailable) {
        throw e;
      }
      connection.rollback(savepoint);
      return e;
    }
    try {
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      // The work swallowed a failed statement and left its part of the transaction unusable.
      if (isUnreachable(e)) {
        throw e;
      }
      connection.rollback(savepoint);
      return new StoreException("a write left its transaction unusable", e);
    }
    return null;
  }

  /**
   * Runs {@code work} in a read-only transaction; if the database undid it for a deadlock or a
   * serialization failure ({@link Dialect#mustRunAgain}), runs it again at once in a new
   * transaction, at most {@value #ATTEMPTS} times in all.
   */
  private <T> T inReadTransaction(Function<JdbcTx, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readOnce(work);
      } catch (StoreException e) {
        if (attempt == ATTEMPTS || !mustRunAgain(e)) {
          throw e;
        }
      }
    }
  }

  private boolean mustRunAgain(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && dialect.mustRunAgain(sql)) {
        return true;
      }
    }
    return false;
  }

  private <T> T readOnce(Function<JdbcTx, T> work) {
    try {
      OwnReaders.Reader own = ownReaders.mine();
      if (own == null) {
        try (Connection connection = reads.getConnection()) {
          return readOn(connection, work);
        }
      }
      try {
        return own.read(
            commits.sum(),
            connection -> work.apply(new JdbcTx(connection, dialect, false, cipher, maxPageSize)));
      } catch (SQLException e) {
        ownReaders.drop(own);
        throw e;
      }
    } catch (SQLException e) {
      if (isUnreachable(e)) {
        throw new StoreUnavailable(e);
      }
      throw new StoreException("the database could not run a transaction", e);
    }
  }

  private <T> T readOn(Connection connection, Function<JdbcTx, T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.apply(new JdbcTx(connection, dialect, false, cipher, maxPageSize));
      connection.commit();
      return result;
    } catch (RuntimeException | Error | SQLException e) {
      rollBack(connection, e);
      throw e;
    }
  }

  /**
   * Ends the snapshot that the calling thread's reads share on its own connection, if it keeps one
   * ({@link SqliteStore#open(java.nio.file.Path, SecretCipher, java.util.function.Predicate)}):
   * such a thread's reads run in one snapshot while nothing commits, which holds back the
   * write-ahead log's checkpoint, so it calls this at least every {@link #READ_SNAPSHOT_AGE} when
   * idle. Does nothing on any other thread.
   */
  public void endReadSnapshot() {
    ownReaders.endSnapshot();
  }

  /**
   * Checks that the database answers, within the pool's connection timeout; throws {@link
   * StoreUnavailable} if it does not.
   */
  public void ping() {
    inReadTransaction(
        tx -> {
          tx.ping();
          return null;
        });
  }

  /**
   * Returns whether {@code e} says the database cannot be reached, rather than that a statement was
   * wrong: no connection within the pool's timeout, a connection that could not be opened or broke
   * (SQLState class 08), or a server shutting down or refusing connections (57P01-57P03, 53300).
   */
  static boolean isUnreachable(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rollBack(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void onRouterChanged(Consumer<String> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  @Override
  public void onOperationsDue(Runnable listener) {
    operationListeners.add(requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    LOG.info("the store committed {} writes in {} transactions", committedWrites(), commits());
    try {
      hearing.close();
    } catch (Exception e) {
      throw new StoreException("the store could not stop listening for router changes", e);
    } finally {
      ownReaders.close();
      if (reads != writes) {
        reads.close();
      }
      writes.close();
    }
  }
}
