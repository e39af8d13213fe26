package dev.junction.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link Store} on JDBC: each call is one transaction on one pooled connection, committed when
 * the work returns and rolled back when it throws. Secrets are sealed with the store's {@link
 * SecretCipher} on their way in and opened on their way out.
 *
 * <p>A transaction the database undoes for a deadlock or a serialization failure runs again, a few
 * times at most, so that such a failure never reaches a caller while retrying may still succeed;
 * the work must therefore have no effect outside its transaction ({@link Store#write}).
 *
 * <p>A write transaction remembers the routers whose desired sequence it advanced; once it has
 * committed, the store calls its {@link #onRouterChanged} listeners with each. On PostgreSQL the
 * transaction also notifies the other processes on the database ({@link Dialect#announceRouters}),
 * and a listening thread of their stores passes what it hears to their listeners. Commits that
 * insert an unfinished operation or make one due are announced the same way to the {@link
 * #onOperationsDue} listeners, here and in the other processes.
 */
public final class JdbcStore implements Store {
  /** How many times a transaction runs at most when the database keeps undoing it. */
  private static final int ATTEMPTS = 5;

  private final HikariDataSource reads;
  private final HikariDataSource writes;
  private final Dialect dialect;
  private final SecretCipher cipher;
  private final int maxPageSize;
  private final RouterListeners listeners;
  private final OperationListeners operationListeners;
  private final AutoCloseable hearing;

  JdbcStore(
      HikariDataSource reads,
      HikariDataSource writes,
      Dialect dialect,
      SecretCipher cipher,
      RouterListeners listeners,
      OperationListeners operationListeners,
      AutoCloseable hearing) {
    this(
        reads,
        writes,
        dialect,
        cipher,
        PageRequest.MAX_SIZE,
        listeners,
        operationListeners,
        hearing);
  }

  private JdbcStore(
      HikariDataSource reads,
      HikariDataSource writes,
      Dialect dialect,
      SecretCipher cipher,
      int maxPageSize,
      RouterListeners listeners,
      OperationListeners operationListeners,
      AutoCloseable hearing) {
    this.reads = reads;
    this.writes = writes;
    this.dialect = dialect;
    this.cipher = cipher;
    this.maxPageSize = maxPageSize;
    this.listeners = listeners;
    this.operationListeners = operationListeners;
    this.hearing = hearing;
  }

  /**
   * Returns this store (the same connections) returning at most {@code size} items per page,
   * whatever a request asks for.
   */
  public JdbcStore withMaxPageSize(int size) {
    if (size < 1 || size > PageRequest.MAX_SIZE) {
      throw new IllegalArgumentException("the page size cap must be 1-" + PageRequest.MAX_SIZE);
    }
    return new JdbcStore(
        reads, writes, dialect, cipher, size, listeners, operationListeners, hearing);
  }

  /**
   * Seals every stored secret again with the current key of the ring, in one transaction, and
   * returns how many rows changed; afterwards the older keys may be removed from the ring.
   */
  public int rewrapSecrets() {
    return inTransaction(writes, true, JdbcTx::rewrapSecrets);
  }

  @Override
  public <T> T read(Function<ReadTx, T> work) {
    return inTransaction(reads, false, work::apply);
  }

  @Override
  public <T> T write(Function<WriteTx, T> work) {
    return inTransaction(writes, true, work::apply);
  }

  /**
   * Runs {@code work} in a transaction; if the database undid it for a deadlock or a serialization
   * failure ({@link Dialect#mustRunAgain}), runs it again at once in a new transaction, at most
   * {@value #ATTEMPTS} times in all. No pause: the database already broke the cycle by undoing this
   * transaction, and a request thread does not sleep.
   */
  private <T> T inTransaction(DataSource pool, boolean writable, Function<JdbcTx, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(pool, writable, work);
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

  private <T> T once(DataSource pool, boolean writable, Function<JdbcTx, T> work) {
    T result;
    List<String> changed;
    boolean operationsDue;
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        JdbcTx tx = new JdbcTx(connection, dialect, writable, cipher, maxPageSize);
        result = work.apply(tx);
        changed = List.copyOf(tx.changedRouters());
        operationsDue = tx.operationsDue();
        dialect.announceRouters(connection, changed);
        if (operationsDue) {
          dialect.announceOperations(connection);
        }
        connection.commit();
      } catch (RuntimeException | Error | SQLException e) {
        rollBack(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      if (isUnreachable(e)) {
        throw new StoreUnavailable(e);
      }
      throw new StoreException("the database could not run a transaction", e);
    }
    changed.forEach(listeners::changed);
    if (operationsDue) {
      operationListeners.due();
    }
    return result;
  }

  /**
   * Checks that the database answers, within the pool's connection timeout; throws {@link
   * StoreUnavailable} if it does not.
   */
  public void ping() {
    inTransaction(
        reads,
        false,
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
    try {
      hearing.close();
    } catch (Exception e) {
      throw new StoreException("the store could not stop listening for router changes", e);
    } finally {
      if (reads != writes) {
        reads.close();
      }
      writes.close();
    }
  }
}
