package dev.junction.server.config;

/** Which database holds the state: the embedded SQLite file, or a shared PostgreSQL. */
public record StoreSettings(String engine, String url, String user, String password) {

  public boolean isPostgresql() {
    return engine.equals("postgresql");
  }

  static StoreSettings read(ConfigNode node) {
    String engine = node.string("engine", "sqlite");
    if (!engine.equals("sqlite") && !engine.equals("postgresql")) {
      throw new ConfigException(node.at("engine") + ": must be sqlite or postgresql");
    }
    ConfigNode postgres = node.child("postgresql");
    StoreSettings store =
        new StoreSettings(
            engine,
            postgres.string("url", ""),
            postgres.string("user", ""),
            postgres.string("password", ""));
    if (store.isPostgresql() && store.url().isEmpty()) {
      throw new ConfigException(postgres.at("url") + ": is required when the engine is postgresql");
    }
    postgres.rejectUnknown();
    node.rejectUnknown();
    return store;
  }

  @Override
  public String toString() {
    return "StoreSettings[engine=" + engine + ", url=" + url + ", user=" + user + "]";
  }
}
