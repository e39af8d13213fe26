package dev.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/**
 * Opens the shared store of several replicas: a PostgreSQL database, migrated on open (replicas
 * that start together migrate once: Flyway locks the schema history table). Each store keeps one
 * more connection of its own, outside the pool, to hear which routers other replicas changed.
 */
public final class PostgresStore {
  private PostgresStore() {}

  /** Returns the store in the database at {@code jdbcUrl}. */
  public static JdbcStore open(String jdbcUrl, String user, String password, SecretCipher cipher) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName("junction-postgresql");
    config.setMaximumPoolSize(10);
    HikariDataSource pool = new HikariDataSource(config);
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration/postgresql")
        .load()
        .migrate();
    RouterListeners listeners = new RouterListeners();
    PostgresNotifications hearing =
        PostgresNotifications.start(
            () -> DriverManager.getConnection(jdbcUrl, user, password), listeners);
    return new JdbcStore(pool, pool, new PostgresDialect(), cipher, listeners, hearing);
  }
}
