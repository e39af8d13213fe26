package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.server.config.SecretsSettings;
import dev.junction.server.config.StoreSettings;
import dev.junction.store.TestPostgres;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose PostgreSQL goes away says so: {@code /readyz} answers 503, and every API answers
 * in its own "unavailable" form (Yandex REST code 14 with HTTP 503, gRPC UNAVAILABLE, Cloudflare's
 * error body with HTTP 503), not a 401 for a token it could not look up and not a 500. When the
 * database is back, so is the replica. A proxy between the server and the database is cut and
 * restored.
 */
class StoreOutageTest {
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

  @TempDir Path dataDir;

  @Test
  void answersUnavailableWhileTheDatabaseIsUnreachableAndRecovers() throws Exception {
    String url = TestPostgres.newDatabase();
    Matcher address = HOST_PORT.matcher(url);
    assertThat(address.find()).as("host and port in %s", url).isTrue();
    try (TcpProxy proxy =
        new TcpProxy(new InetSocketAddress(address.group(1), Integer.parseInt(address.group(2))))) {
      String proxied = address.replaceFirst("//127.0.0.1:" + proxy.port() + "/");
      try (RunningServer server =
          new RunningServer(
              dataDir,
              config ->
                  config.withStore(
                      new StoreSettings(
                          "postgresql",
                          proxied,
                          TestPostgres.USER,
                          TestPostgres.PASSWORD,
                          4,
                          Duration.ofSeconds(1)),
                      new SecretsSettings("k1", Map.of("k1", ReplicaBootstrapTest.newKey()))))) {
        var pointsOfPresence =
            GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
                .addHeader("authorization", "Bearer " + server.operatorToken())
                .build(PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class);
        String yandex = "/cic/v1/privateConnections?folderId=folder-a";
        String cloudflare = "/client/v4/accounts/account-a/cni/interconnects";

        assertThat(server.anonymous("GET", "/readyz", null).status()).isEqualTo(200);
        assertThat(server.get(yandex).status()).isEqualTo(200);
        assertThat(pointsOfPresence.list(ListPointOfPresencesRequest.getDefaultInstance()))
            .isNotNull();

        proxy.cut();

        RunningServer.Answer ready = server.anonymous("GET", "/readyz", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.text()).contains("cannot reach its database");

        RunningServer.Answer yandexAnswer = server.get(yandex);
        assertThat(yandexAnswer.status()).as(yandexAnswer.text()).isEqualTo(503);
        assertThat(yandexAnswer.json().path("code").asInt()).isEqualTo(14);
        assertThat(yandexAnswer.json().path("message").asText())
            .isEqualTo(StoreUnavailable.MESSAGE);

        RunningServer.Answer cloudflareAnswer = server.get(cloudflare);
        assertThat(cloudflareAnswer.status()).as(cloudflareAnswer.text()).isEqualTo(503);
        assertThat(cloudflareAnswer.json().path("success").asBoolean(true)).isFalse();
        assertThat(cloudflareAnswer.json().path("errors").path(0).path("code").asInt())
            .isEqualTo(1010);
        assertThat(cloudflareAnswer.json().path("result").isNull()).isTrue();

        RunningServer.Answer admin = server.get("/admin/v1/tenants");
        assertThat(admin.status()).as(admin.text()).isEqualTo(503);
        assertThat(admin.json().path("code").asText()).isEqualTo("UNAVAILABLE");

        assertThatThrownBy(
                () -> pointsOfPresence.list(ListPointOfPresencesRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

        proxy.restore();

        awaitReady(server);
        assertThat(server.get(yandex).status()).isEqualTo(200);
        RunningServer.Answer cloudflareBack = server.get(cloudflare);
        assertThat(cloudflareBack.status()).as(cloudflareBack.text()).isNotEqualTo(503);
        assertThat(pointsOfPresence.list(ListPointOfPresencesRequest.getDefaultInstance()))
            .isNotNull();
        assertThat(server.get("/admin/v1/tenants").status()).isEqualTo(200);
      }
    }
  }

  /** Asks {@code /readyz} until it answers 200: the pool replaces the connections the cut broke. */
  private static void awaitReady(RunningServer server) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (server.anonymous("GET", "/readyz", null).status() != 200) {
      assertThat(Instant.now()).as("the replica is ready again").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
