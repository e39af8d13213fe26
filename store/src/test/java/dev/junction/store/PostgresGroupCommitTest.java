package dev.junction.store;

import java.sql.Connection;
import java.sql.Statement;

/** Group commit on a real PostgreSQL; each test gets a new database. */
class PostgresGroupCommitTest extends GroupCommitContractTest {
  private String url;

  @Override
  protected JdbcStore newStore() throws Exception {
    url = TestPostgres.newDatabase();
    return reopen();
  }

  @Override
  protected JdbcStore reopen() {
    return PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher());
  }

  /** A constraint trigger, deferred to the commit, raises for a tenant with that name. */
  @Override
  protected void refuseAtCommitTenantsNamed(String name) throws Exception {
    try (Connection connection = TestPostgres.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE FUNCTION refuse_tenant() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.name = '"
              + name
              + "' THEN RAISE EXCEPTION 'tenant refused at commit'; END IF; RETURN NEW; END $$");
      statement.execute(
          "CREATE CONSTRAINT TRIGGER refuse_tenant AFTER INSERT ON tenants"
              + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_tenant()");
    }
  }
}
