package dev.junction.server.config;

import java.time.Duration;

/**
 * Which database holds the state: the embedded SQLite file, or a shared PostgreSQL.
 *
 * @param poolSize the most connections this replica opens to PostgreSQL for requests and loops
 * @param connectionTimeout how long a request waits for a PostgreSQL connection (and a new
 *     connection for the database to answer) before it fails as unavailable
 */
public record StoreSettings(
    String engine,
    String url,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout) {
  public static final int DEFAULT_POOL_SIZE = 10;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** Returns the settings of a shared PostgreSQL at {@code url}, with the default pool. */
  public static StoreSettings postgresql(String url, String user, String password) {
    return new StoreSettings(
        "postgresql", url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  public boolean isPostgresql() {
    return engine.equals("postgresql");
  }

  static StoreSettings read(ConfigNode node) {
    String engine = node.string("engine", "sqlite");
    if (!engine.equals("sqlite") && !engine.equals("postgresql")) {
      throw new ConfigException(node.at("engine") + ": must be sqlite or postgresql");
    }
    ConfigNode postgres = node.child("postgresql");
    int poolSize = postgres.integer("poolSize", DEFAULT_POOL_SIZE);
    if (poolSize < 2 || poolSize > 1000) {
      throw new ConfigException(
          postgres.at("poolSize") + ": must be 2-1000 (got " + poolSize + ")");
    }
    Duration timeout = postgres.duration("connectionTimeout", DEFAULT_CONNECTION_TIMEOUT);
    if (timeout.compareTo(Duration.ofMillis(250)) < 0
        || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException(
          postgres.at("connectionTimeout") + ": must be from 250ms to 5m (got " + timeout + ")");
    }
    StoreSettings store =
        new StoreSettings(
            engine,
            postgres.string("url", ""),
            postgres.string("user", ""),
            postgres.string("password", ""),
            poolSize,
            timeout);
    if (store.isPostgresql() && store.url().isEmpty()) {
      throw new ConfigException(postgres.at("url") + ": is required when the engine is postgresql");
    }
    postgres.rejectUnknown();
    node.rejectUnknown();
    return store;
  }

  @Override
  public String toString() {
    return "StoreSettings[engine="
        + engine
        + ", url="
        + url
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + ", connectionTimeout="
        + connectionTimeout
        + "]";
  }
}
