package dev.junction.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link Store} on JDBC: each call is one transaction on one pooled connection, committed when
 * the work returns and rolled back when it throws.
 */
final class JdbcStore implements Store {
  private final HikariDataSource reads;
  private final HikariDataSource writes;
  private final Dialect dialect;

  JdbcStore(HikariDataSource reads, HikariDataSource writes, Dialect dialect) {
    this.reads = reads;
    this.writes = writes;
    this.dialect = dialect;
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
        T result = work.apply(new JdbcTx(connection, dialect, writable));
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
  public void close() {
    if (reads != writes) {
      reads.close();
    }
    writes.close();
  }
}
