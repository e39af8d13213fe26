package dev.junction.store;

import dev.junction.core.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL, started once for the class; each test gets a new
 * database.
 */
class PostgresStoreTest extends StoreContractTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private String database;

  @Override
  protected Store reopen(SecretCipher cipher) {
    return PostgresStore.open(
        postgres.getJdbcUrl("postgres", database), "postgres", "postgres", cipher);
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(
        postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
  }

  @Override
  protected Store newStore() throws Exception {
    database = "junction_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return PostgresStore.open(
        postgres.getJdbcUrl("postgres", database), "postgres", "postgres", TestKeys.cipher());
  }
}
