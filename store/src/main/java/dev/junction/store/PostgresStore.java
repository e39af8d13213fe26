package dev.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Opens the shared store of several replicas: a PostgreSQL database, migrated on open (replicas
 * that start together migrate once: Flyway locks the schema history table). Each write runs in a
 * transaction of its own, several at once ({@link #unbatchedLanes}); PostgreSQL's WAL flush is
 * shared by the commits that arrive together. Each store keeps one more connection of its own,
 * outside the pool, to hear which routers other replicas changed and when they made operations due.
 */
public final class PostgresStore {
  private PostgresStore() {}

  /** The default number of connections of a store. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The default wait for a connection before a transaction fails as unavailable. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The write batches a store runs at once: two. A write that waits inside its transaction (a step
   * that runs long, a row another replica holds) then leaves a lane for the others, such as the
   * heartbeat that keeps that step's lease. More lanes deadlock more: batches of one replica hold
   * the same routers' sequence rows and trunks in different orders, and each write of a batch the
   * database undoes runs again alone (see {@link JdbcStore}). Measured through the API on a shared
   * 2-core machine (32 clients creating private connections, embedded PostgreSQL, figures noisy):
   * with fsync off, one lane carried 1.5 to 2.2 times the creates of a transaction per request, two
   * about as many as one, four fewer than no batching; with fsync on, two lanes carried fewer than
   * no batching in the one run made. To be measured again on a quiet machine.
   */
  static final int WRITE_LANES = 2;

  /**
   * Returns how many write batches run at once ({@link GroupCommit}): {@value #WRITE_LANES}, but
   * never more than half the pool, so that reads always find connections.
   */
  static int writeLanes(int poolSize) {
    return Math.max(1, Math.min(WRITE_LANES, poolSize / 2));
  }

  /**
   * Returns how many writes run at once when each has a transaction of its own: all but two of the
   * pool's connections, which stay for reads. PostgreSQL already shares one WAL flush among the
   * commits that arrive together, so writes need no batching of ours to share a disk sync; and
   * batching several writes in one transaction made batches of two lanes deadlock on the routers'
   * rows they share, each deadlock costing PostgreSQL's {@code deadlock_timeout} (1 s): measured
   * with {@code bench/run.sh --only p2} (fsync on), 131 creates/s before batching, 30 with it.
   */
  static int unbatchedLanes(int poolSize) {
    return Math.max(1, poolSize - 2);
  }

  /** Returns the store in the database at {@code jdbcUrl}, with the default pool. */
  public static JdbcStore open(String jdbcUrl, String user, String password, SecretCipher cipher) {
    return open(jdbcUrl, user, password, cipher, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * Returns the store in the database at {@code jdbcUrl}, with at most {@code poolSize}
   * connections. A transaction that cannot get a connection within {@code connectionTimeout} (the
   * database is unreachable, or every connection is busy) fails with {@link
   * dev.junction.core.store.StoreUnavailable}; so does one whose connection breaks.
   */
  public static JdbcStore open(
      String jdbcUrl,
      String user,
      String password,
      SecretCipher cipher,
      int poolSize,
      Duration connectionTimeout) {
    return open(
        jdbcUrl, user, password, cipher, poolSize, connectionTimeout, 1, UnaryOperator.identity());
  }

  /**
   * Returns the store as {@link #open(String, String, String, SecretCipher, int, Duration)} does,
   * with at most {@code maxBatch} writes sharing one transaction. Servers run with 1 (see {@link
   * #unbatchedLanes}); batches of several are kept, and tested, for a later measurement to decide.
   * The driver is wrapped by {@code connections}, for tests to watch it.
   */
  static JdbcStore open(
      String jdbcUrl,
      String user,
      String password,
      SecretCipher cipher,
      int poolSize,
      Duration connectionTimeout,
      int maxBatch,
      UnaryOperator<DataSource> connections) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: >= 1)");
    }
    long timeoutMillis = Math.max(250, connectionTimeout.toMillis());
    // The driver's own limits on opening a connection, in whole seconds.
    String seconds = Long.toString(Math.max(1, (timeoutMillis + 999) / 1000));
    Properties properties = new Properties();
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    HikariConfig config = new HikariConfig();
    // Each connection keeps the statements it prepared (StatementCache): the driver already keeps
    // the server-side statement of a query it ran prepareThreshold times, but still parses the SQL
    // and builds a statement object each time one is prepared.
    config.setDataSource(
        new StatementCachingDataSource(
            connections.apply(new DriverDataSource(jdbcUrl, null, properties, user, password)),
            StatementCache.CAPACITY));
    config.setPoolName("junction-postgresql");
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(timeoutMillis);
    config.setValidationTimeout(Math.min(timeoutMillis, 5_000));
    HikariDataSource pool = new HikariDataSource(config);
    Migrations.migrate(pool, "db/migration/postgresql");
    RouterListeners listeners = new RouterListeners();
    OperationListeners operationListeners = new OperationListeners();
    PostgresNotifications hearing =
        PostgresNotifications.start(
            () -> DriverManager.getConnection(jdbcUrl, user, password),
            listeners,
            operationListeners);
    return new JdbcStore(
        pool,
        OwnReaders.none(),
        pool,
        new PostgresDialect(),
        cipher,
        listeners,
        operationListeners,
        hearing,
        maxBatch > 1 ? writeLanes(poolSize) : unbatchedLanes(poolSize),
        maxBatch);
  }
}
