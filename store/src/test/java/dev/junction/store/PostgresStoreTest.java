package dev.junction.store;

import dev.junction.core.store.Store;
import java.sql.Connection;
import java.sql.SQLException;

/** The store contract on a real PostgreSQL; each test gets a new database. */
class PostgresStoreTest extends StoreContractTest {
  private String url;

  @Override
  protected Store newStore() throws SQLException {
    url = TestPostgres.newDatabase();
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  @Override
  protected Store reopen(SecretCipher cipher) {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, cipher);
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return TestPostgres.connect(url);
  }
}
