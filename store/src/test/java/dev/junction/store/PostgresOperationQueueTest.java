package dev.junction.store;

import dev.junction.core.store.Store;
import java.sql.SQLException;

/** The operation queue contract on a real PostgreSQL; each test gets a new database. */
class PostgresOperationQueueTest extends OperationQueueContractTest {
  private String url;

  @Override
  protected Store newStore() throws SQLException {
    url = TestPostgres.newDatabase();
    return reopen();
  }

  @Override
  protected Store reopen() {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }
}
