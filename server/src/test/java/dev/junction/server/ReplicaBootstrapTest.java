package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.auth.AdminToken;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.SecretsSettings;
import dev.junction.server.config.StoreSettings;
import dev.junction.store.SecretCipher;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers on one PostgreSQL, each with a data directory of its own: the first start
 * bootstraps the operator, and the others neither replace its credentials nor add their own.
 */
class ReplicaBootstrapTest {
  @TempDir Path first;
  @TempDir Path second;
  @TempDir Path third;

  /** Returns a change of the configuration that puts the server on the database at {@code url}. */
  static UnaryOperator<JunctionConfig> onPostgres(String url, String key) {
    return config ->
        config.withStore(
            StoreSettings.postgresql(url, TestPostgres.USER, TestPostgres.PASSWORD),
            new SecretsSettings("k1", Map.of("k1", key)));
  }

  static String newKey() {
    return Base64.getEncoder().encodeToString(SecretCipher.newKey());
  }

  @Test
  void everyReplicaAcceptsTheFirstReplicasCredentialsAndNoOthers() throws Exception {
    String url = TestPostgres.newDatabase();
    UnaryOperator<JunctionConfig> shared = onPostgres(url, newKey());
    Path firstToken = first.resolve(AdminToken.FILE_NAME);
    Path firstKey = first.resolve(AdminToken.GLOBAL_KEY_FILE_NAME);
    String log;
    try (RunningServer a = new RunningServer(first, shared)) {
      String token = a.operatorToken();
      String key = AdminToken.read(firstKey).orElseThrow();
      // The second replica is given the first one's credentials through the configuration.
      UnaryOperator<JunctionConfig> configuredFiles =
          config ->
              shared
                  .apply(config)
                  .withServer(
                      config.server().withAdminFiles(firstToken.toString(), firstKey.toString()));
      try (RunningServer b = new RunningServer(second, configuredFiles);
          LogCapture capture = LogCapture.atDebug()) {
        // The third replica makes credentials of its own in its data directory: they are refused.
        try (RunningServer c = new RunningServer(third, shared)) {
          String ownToken = AdminToken.read(third.resolve(AdminToken.FILE_NAME)).orElseThrow();
          String ownKey =
              AdminToken.read(third.resolve(AdminToken.GLOBAL_KEY_FILE_NAME)).orElseThrow();
          assertThat(ownToken).isNotEqualTo(token);
          log = capture.text();
          for (RunningServer replica : List.of(a, b, c)) {
            assertThat(replica.as(token, "GET", "/admin/v1/tenants", null).status())
                .as("the first replica's token on every replica")
                .isEqualTo(200);
            assertThat(
                    replica
                        .anonymous(
                            "GET",
                            "/admin/v1/tenants",
                            null,
                            "X-Auth-Email",
                            "admin@junction.local",
                            "X-Auth-Key",
                            key)
                        .status())
                .as("the first replica's global key on every replica")
                .isEqualTo(200);
            assertThat(replica.as(ownToken, "GET", "/admin/v1/tenants", null).status())
                .as("the third replica's own token")
                .isEqualTo(401);
            assertThat(
                    replica
                        .anonymous(
                            "GET",
                            "/admin/v1/tenants",
                            null,
                            "X-Auth-Email",
                            "admin@junction.local",
                            "X-Auth-Key",
                            ownKey)
                        .status())
                .as("the third replica's own global key")
                .isEqualTo(401);
          }
          assertThat(log)
              .contains("The bootstrap admin token in " + third.resolve(AdminToken.FILE_NAME))
              .contains(
                  "The bootstrap admin global key in "
                      + third.resolve(AdminToken.GLOBAL_KEY_FILE_NAME))
              .doesNotContain(token)
              .doesNotContain(key)
              .doesNotContain(ownToken)
              .doesNotContain(ownKey);
        }
      }
      List<?> tokens =
          RunningServer.JSON.convertValue(
              a.get("/admin/v1/tokens").json().path("tokens"), List.class);
      assertThat(tokens).as("tokens: %s", tokens).hasSize(1);
    }
  }
}
