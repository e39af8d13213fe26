package dev.junction.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on the embedded SQLite file. */
class SqliteGroupCommitTest extends GroupCommitContractTest {
  @TempDir Path dir;

  @Override
  protected JdbcStore newStore() {
    return reopen();
  }

  @Override
  protected JdbcStore reopen() {
    return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
  }

  /**
   * A tenant with that name makes a trigger insert a row whose foreign key points nowhere; the key
   * is deferred, so SQLite refuses the transaction at commit.
   */
  @Override
  protected void refuseAtCommitTenantsNamed(String name) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE refused_parent (id TEXT PRIMARY KEY)");
      statement.execute(
          "CREATE TABLE refused_child (parent TEXT REFERENCES refused_parent (id)"
              + " DEFERRABLE INITIALLY DEFERRED)");
      statement.execute(
          "CREATE TRIGGER refuse_tenant AFTER INSERT ON tenants WHEN NEW.name = '"
              + name
              + "' BEGIN INSERT INTO refused_child (parent) VALUES ('nowhere'); END");
    }
  }
}
