package dev.junction.core;

import dev.junction.core.store.Store;
import dev.junction.store.PostgresStore;
import dev.junction.store.SqliteStore;
import dev.junction.store.TestKeys;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The database engines the core's use-case tests run on: each test class runs once per engine
 * ({@code @ParameterizedClass @EnumSource(Engine.class)}), so every uniqueness, quota and pool rule
 * is decided by a real database of each kind.
 */
public enum Engine {
  /** The embedded store: one SQLite file in the test's directory, one writer at a time. */
  SQLITE {
    @Override
    public Store open(Path dir) {
      return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
    }
  },
  /** The store of several replicas: a new database on the tests' real PostgreSQL. */
  POSTGRESQL {
    @Override
    public Store open(Path dir) {
      String url;
      try {
        url = TestPostgres.newDatabase();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create a test database", e);
      }
      return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
    }
  };

  /** Returns a new, empty, migrated store; SQLite keeps its file in {@code dir}. */
  public abstract Store open(Path dir);
}
