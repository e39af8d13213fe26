package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} answers 200 while every check holds and 503 naming the check that failed: a
 * schema history that lacks this build's newest migration (changed in the real SQLite file), then a
 * stopped operation worker, then a stopped network supervisor. {@code /healthz} answers throughout.
 * A database out of reach is StoreOutageTest's.
 */
class ReadinessTest {
  @TempDir Path dataDir;

  @Test
  void answers503NamingEachFailedCheck() throws Exception {
    try (RunningServer server = new RunningServer(dataDir)) {
      Answer ready = server.anonymous("GET", "/readyz", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.text())
          .isEqualTo("ready\nstore: ok\nmigrations: ok\nworker: ok\nnetwork: ok\n");

      setNewestMigrationSucceeded(false);
      Answer unmigrated = server.anonymous("GET", "/readyz", null);
      assertThat(unmigrated.status()).isEqualTo(503);
      assertThat(unmigrated.text())
          .startsWith("not ready: migrations\n")
          .contains("migrations: the database's schema lacks migrations of this build");
      setNewestMigrationSucceeded(true);
      assertThat(server.anonymous("GET", "/readyz", null).status()).isEqualTo(200);

      server.server.components().worker().close();
      Answer noWorker = server.anonymous("GET", "/readyz", null);
      assertThat(noWorker.status()).isEqualTo(503);
      assertThat(noWorker.text())
          .startsWith("not ready: worker\n")
          .contains("worker: the operation worker is stopped")
          .contains("network: ok");

      server.server.components().localRouters().close();
      Answer noNetwork = server.anonymous("GET", "/readyz", null);
      assertThat(noNetwork.status()).isEqualTo(503);
      assertThat(noNetwork.text())
          .startsWith("not ready: worker, network\n")
          .contains("network: the network supervisor is stopped");

      assertThat(server.anonymous("GET", "/healthz", null).status()).isEqualTo(200);
    }
  }

  /** Marks the newest migration of the server's database failed, or succeeded again. */
  private void setNewestMigrationSucceeded(boolean succeeded) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("junction.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 10000");
      int changed =
          statement.executeUpdate(
              "UPDATE flyway_schema_history SET success = "
                  + (succeeded ? 1 : 0)
                  + " WHERE installed_rank = (SELECT MAX(installed_rank) FROM"
                  + " flyway_schema_history)");
      assertThat(changed).isEqualTo(1);
    }
  }
}
