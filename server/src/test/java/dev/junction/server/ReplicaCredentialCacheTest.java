package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.access.CredentialCache;
import dev.junction.server.auth.AdminToken;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL: a token in use on replica B (so B keeps it in memory and keeps
 * confirming it in the background) is refused by B from one bound ({@link
 * CredentialCache#MAX_STALENESS}, the default) after it was revoked through replica A, or after it
 * expired. B is asked every 50 ms throughout, so that what B kept is what answers.
 */
class ReplicaCredentialCacheTest {
  private static final long POLL_MILLIS = 50;

  @TempDir Path first;
  @TempDir Path second;

  /** One call to B: when it started, and its status. */
  private record Call(Instant startedAt, int status) {}

  @Test
  void aReplicaRefusesATokenRevokedOnAnotherFromOneBoundAfterTheRevoke() throws Exception {
    try (Replicas replicas = new Replicas()) {
      RunningServer a = replicas.a;
      RunningServer b = replicas.b;
      String tenant = a.tenant("acme", "folder-a");
      String principal = a.principal(tenant, "ann", "ann@acme.test", "folder-a", "viewer");
      JsonNode issued =
          a.admin(
              "/admin/v1/tokens", "{\"principalId\":\"%s\",\"name\":\"ci\"}".formatted(principal));
      String secret = issued.path("secret").asText();
      String tokenId = issued.path("token").path("id").asText();
      assertThat(whoami(b, secret)).isEqualTo(200);
      assertThat(whoami(b, secret)).as("from B's memory").isEqualTo(200);

      a.admin("/admin/v1/tokens/" + tokenId + ":revoke", null);
      Instant revoked = Instant.now();
      assertThat(whoami(a, secret)).as("on the replica that revoked it, at once").isEqualTo(401);

      List<Call> calls = pollUntil(b, secret, revoked.plus(CredentialCache.MAX_STALENESS));
      assertThat(calls)
          .as("every call to B that started one bound after the revoke answered")
          .filteredOn(
              call -> !call.startedAt().isBefore(revoked.plus(CredentialCache.MAX_STALENESS)))
          .isNotEmpty()
          .allSatisfy(call -> assertThat(call.status()).isEqualTo(401));
    }
  }

  @Test
  void aReplicaRefusesAnExpiredTokenItKeptAtOnce() throws Exception {
    try (Replicas replicas = new Replicas()) {
      RunningServer a = replicas.a;
      RunningServer b = replicas.b;
      String tenant = a.tenant("acme", "folder-a");
      String principal = a.principal(tenant, "ann", "ann@acme.test", "folder-a", "viewer");
      JsonNode issued =
          a.admin(
              "/admin/v1/tokens",
              "{\"principalId\":\"%s\",\"name\":\"ci\",\"ttl\":\"3s\"}".formatted(principal));
      String secret = issued.path("secret").asText();
      Instant expires = Instant.parse(issued.path("token").path("expiresAt").asText());
      assertThat(whoami(b, secret)).isEqualTo(200);

      List<Call> calls = pollUntil(b, secret, expires);
      assertThat(calls)
          .as("calls to B while the token was valid")
          .filteredOn(call -> call.startedAt().isBefore(expires.minusMillis(500)))
          .isNotEmpty()
          .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
      assertThat(calls)
          .as("calls to B that started once the token had expired")
          .filteredOn(call -> !call.startedAt().isBefore(expires))
          .isNotEmpty()
          .allSatisfy(call -> assertThat(call.status()).isEqualTo(401));
    }
  }

  /** Calls B every 50 ms until 500 ms past {@code until}, and returns the calls. */
  private static List<Call> pollUntil(RunningServer b, String secret, Instant until)
      throws InterruptedException {
    List<Call> calls = new ArrayList<>();
    Instant end = until.plusMillis(500);
    while (Instant.now().isBefore(end)) {
      Instant started = Instant.now();
      calls.add(new Call(started, whoami(b, secret)));
      Thread.sleep(POLL_MILLIS);
    }
    return calls;
  }

  private static int whoami(RunningServer server, String secret) {
    return server.as(secret, "GET", "/junction/v1/whoami", null).status();
  }

  /** Replica A, and replica B started with A's bootstrap credentials, on one new database. */
  private final class Replicas implements AutoCloseable {
    final RunningServer a;
    final RunningServer b;

    Replicas() throws Exception {
      UnaryOperator<JunctionConfig> shared =
          ReplicaBootstrapTest.onPostgres(
              TestPostgres.newDatabase(), ReplicaBootstrapTest.newKey());
      a = new RunningServer(first, shared);
      Path token = first.resolve(AdminToken.FILE_NAME);
      Path key = first.resolve(AdminToken.GLOBAL_KEY_FILE_NAME);
      b =
          new RunningServer(
              second,
              config ->
                  shared
                      .apply(config)
                      .withServer(
                          config.server().withAdminFiles(token.toString(), key.toString())));
    }

    @Override
    public void close() {
      try (RunningServer closeA = a) {
        b.close();
      }
    }
  }
}
