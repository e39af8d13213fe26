package dev.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Opens the embedded store: one SQLite file, migrated on open. Writes are durable when they commit
 * (write-ahead log with {@code synchronous=FULL}: the commit returns once the log is synced) and go
 * through a single connection whose transactions begin IMMEDIATE, in one lane of batches ({@link
 * GroupCommit}): the writes that queue while a commit is being synced share the next one. Reads use
 * a small pool of their own and see the last committed state. Each connection keeps the statements
 * it prepared ({@link StatementCache}).
 */
public final class SqliteStore {
  private SqliteStore() {}

  /**
   * Returns the store in {@code file}, creating it (and its directory) and migrating it as needed.
   */
  public static JdbcStore open(Path file, SecretCipher cipher) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of " + file, e);
    }
    SqliteNative.useCached();
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    HikariDataSource writes = pool(url, "junction-sqlite-writes", 1, "IMMEDIATE");
    migrate(writes);
    HikariDataSource reads = pool(url, "junction-sqlite-reads", 4, "DEFERRED");
    return new JdbcStore(
        reads,
        writes,
        new SqliteDialect(),
        cipher,
        new RouterListeners(),
        new OperationListeners(),
        () -> {},
        1,
        JdbcStore.MAX_BATCH);
  }

  private static HikariDataSource pool(String url, String name, int size, String transactionMode) {
    Properties properties = new Properties();
    properties.setProperty("journal_mode", "WAL");
    properties.setProperty("synchronous", "FULL");
    properties.setProperty("foreign_keys", "true");
    properties.setProperty("busy_timeout", "30000");
    properties.setProperty("transaction_mode", transactionMode);
    HikariConfig config = new HikariConfig();
    config.setDataSource(
        new StatementCachingDataSource(
            new DriverDataSource(url, null, properties, null, null), StatementCache.CAPACITY));
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  private static void migrate(HikariDataSource dataSource) {
    Migrations.migrate(dataSource, "db/migration/sqlite");
  }
}
