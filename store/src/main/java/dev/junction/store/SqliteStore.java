package dev.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Opens the embedded store: one SQLite file, migrated on open. Writes are durable when they commit
 * (write-ahead log with {@code synchronous=FULL}: the commit returns once the log is synced) and go
 * through a single connection whose transactions begin IMMEDIATE, in one lane of batches ({@link
 * GroupCommit}): the writes that queue while a commit is being synced share the next one. Reads use
 * a small pool of their own, kept in manual-commit mode ({@link #readPool}), or the reading
 * thread's own connection where it keeps one ({@link OwnReaders}), and see the last committed
 * state. Each connection keeps the statements it prepared ({@link StatementCache}).
 */
public final class SqliteStore {
  private SqliteStore() {}

  /**
   * Returns the version of the schema a store opened by this release has: a file made by an older
   * release is migrated to it when opened.
   */
  public static int schemaVersion() {
    return Migrations.NEWEST;
  }

  /**
   * Returns the store in {@code file}, creating it (and its directory) and migrating it as needed.
   */
  public static JdbcStore open(Path file, SecretCipher cipher) {
    return open(file, cipher, thread -> false);
  }

  /**
   * As {@link #open(Path, SecretCipher)}, with a read connection of its own for each thread that
   * {@code ownReaders} names, opened on its first read: such a thread never waits for the read
   * pool. Meant for the few threads that serve requests without blocking (the web server's event
   * loops), whose reads of the file are then made where they are.
   */
  public static JdbcStore open(Path file, SecretCipher cipher, Predicate<Thread> ownReaders) {
    return open(file, cipher, UnaryOperator.identity(), ownReaders);
  }

  /**
   * As {@link #open(Path, SecretCipher, Predicate)}, with the read driver wrapped by {@code reads}:
   * the pool's connections and the threads' own.
   */
  static JdbcStore open(
      Path file,
      SecretCipher cipher,
      UnaryOperator<DataSource> reads,
      Predicate<Thread> ownReaders) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of " + file, e);
    }
    SqliteNative.useCached();
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    // The writer stays in auto-commit between batches: in manual-commit mode its idle connection
    // would hold a BEGIN IMMEDIATE, the database's write lock.
    HikariDataSource writes = pool(driver(url, "IMMEDIATE"), "junction-sqlite-writes", 1, true);
    migrate(writes);
    DataSource readDriver = reads.apply(driver(url, "DEFERRED"));
    return new JdbcStore(
        readPool(readDriver),
        new OwnReaders(
            new StatementCachingDataSource(readDriver, StatementCache.CAPACITY), ownReaders),
        writes,
        new SqliteDialect(),
        cipher,
        new RouterListeners(),
        new OperationListeners(),
        () -> {},
        1,
        JdbcStore.MAX_BATCH);
  }

  /**
   * The pool of read transactions on {@code driver}'s connections. They stay in manual-commit mode
   * from their opening: a read ends its transaction with one commit, and the pool, whose default
   * mode is the same, resets nothing when the connection comes back. With the pool's default of
   * auto-commit, every return switched the connection back (a {@code COMMIT} in the driver) and the
   * next read switched it off again (a {@code BEGIN}). An idle connection holds only a deferred
   * {@code BEGIN}, which takes no snapshot and no lock until a statement reads.
   */
  static HikariDataSource readPool(DataSource driver) {
    return pool(driver, "junction-sqlite-reads", 4, false);
  }

  /**
   * The driver of the store's connections to {@code url}, whose transactions begin in {@code
   * transactionMode} ({@code IMMEDIATE} for the writer, {@code DEFERRED} for reads).
   */
  static DataSource driver(String url, String transactionMode) {
    Properties properties = new Properties();
    properties.setProperty("journal_mode", "WAL");
    properties.setProperty("synchronous", "FULL");
    properties.setProperty("foreign_keys", "true");
    properties.setProperty("busy_timeout", "30000");
    properties.setProperty("transaction_mode", transactionMode);
    // The store reads back what it inserts with RETURNING where it needs it; left on, the driver
    // prepared and ran "SELECT last_insert_rowid()" after every INSERT, inside the writer's
    // transaction (P2's profile: 4% of the single writer's CPU in that prepare alone).
    properties.setProperty("jdbc.get_generated_keys", "false");
    // Savepoints keep the pages they change in a sub-journal, one per transaction, which SQLite
    // writes to a temporary file once it passes 64 KiB. A group commit's transaction holds a
    // savepoint for every write in it, and that file took four times the writes the log did (P2
    // under strace). In memory it costs no system call; it lives only until the commit.
    properties.setProperty("temp_store", "MEMORY");
    return new DriverDataSource(url, null, properties, null, null);
  }

  private static HikariDataSource pool(
      DataSource driver, String name, int size, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(new StatementCachingDataSource(driver, StatementCache.CAPACITY));
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setAutoCommit(autoCommit);
    return new HikariDataSource(config);
  }

  private static void migrate(HikariDataSource dataSource) {
    Migrations.migrate(dataSource, "db/migration/sqlite");
  }
}
