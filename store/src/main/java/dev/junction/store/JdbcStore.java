package dev.junction.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link Store} on JDBC: each call is one transaction on one pooled connection, committed when
 * the work returns and rolled back when it throws. Secrets are sealed with the store's {@link
 * SecretCipher} on their way in and opened on their way out.
 */
public final class JdbcStore implements Store {
  private final HikariDataSource reads;
  private final HikariDataSource writes;
  private final Dialect dialect;
  private final SecretCipher cipher;
  private final int maxPageSize;

  JdbcStore(HikariDataSource reads, HikariDataSource writes, Dialect dialect, SecretCipher cipher) {
    this(reads, writes, dialect, cipher, PageRequest.MAX_SIZE);
  }

  private JdbcStore(
      HikariDataSource reads,
      HikariDataSource writes,
      Dialect dialect,
      SecretCipher cipher,
      int maxPageSize) {
    this.reads = reads;
    this.writes = writes;
    this.dialect = dialect;
    this.cipher = cipher;
    this.maxPageSize = maxPageSize;
  }

  /**
   * Returns this store (the same connections) returning at most {@code size} items per page,
   * whatever a request asks for.
   */
  public JdbcStore withMaxPageSize(int size) {
    if (size < 1 || size > PageRequest.MAX_SIZE) {
      throw new IllegalArgumentException("the page size cap must be 1-" + PageRequest.MAX_SIZE);
    }
    return new JdbcStore(reads, writes, dialect, cipher, size);
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

  private <T> T inTransaction(DataSource pool, boolean writable, Function<JdbcTx, T> work) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(new JdbcTx(connection, dialect, writable, cipher, maxPageSize));
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollBack(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("the database could not run a transaction", e);
    }
  }

  private static void rollBack(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void onRouterChanged(java.util.function.Consumer<String> listener) {
    // Not yet built: the network tables come with the router change feed.
  }

  @Override
  public void close() {
    if (reads != writes) {
      reads.close();
    }
    writes.close();
  }
}
