package dev.junction.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /junction/v1/network/{resourceId}}: a tenant reads the observed BGP state of its own
 * connection, with either credential scheme; another tenant's connection is as missing as one that
 * never existed; bad input gets a 4xx naming the field.
 */
class NetworkEndpointTest {
  @TempDir static Path dataDir;
  private static RunningServer server;
  private static String token;
  private static String other;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
    String tenant = server.tenant("net-tenant", "net-folder");
    token =
        server.tokenFor(server.principal(tenant, "ann", "ann@net.test", "net-folder", "viewer"));
    String stranger = server.tenant("other-tenant", "other-folder");
    other =
        server.tokenFor(
            server.principal(stranger, "bob", "bob@net.test", "other-folder", "editor"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void showsATenantTheBgpStateOfItsConnection() throws Exception {
    Answer created =
        server.post(
            "/cic/v1/privateConnections",
            """
            {"folderId": "net-folder", "name": "observed", "trunkConnectionId": "cftdemotrunk00000001",
             "vlanId": "740", "ipv4Peering": {"peeringSubnet": "169.254.74.0/30",
             "peerIp": "169.254.74.1", "cloudIp": "169.254.74.2", "peerBgpAsn": "65001"},
             "ipv4StaticRoutes": [{"prefix": "10.74.0.0/16"}]}
            """);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String id = created.json().path("metadata").path("privateConnectionId").asText();
    server.awaitOperation(created.json().path("id").asText());

    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode shown;
    do {
      assertThat(Instant.now()).isBefore(deadline);
      Answer answer = server.as(token, "GET", "/junction/v1/network/" + id, null);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      shown = answer.json();
      Thread.sleep(50);
    } while (!shown.path("bgp").path("state").asText().equals("Established"));
    assertThat(shown.path("kind").asText()).isEqualTo("private");
    assertThat(shown.path("bgp").path("since").asText()).endsWith("Z");
    assertThat(shown.path("bgp").path("prefixesReceived").asLong()).isEqualTo(1);
    assertThat(shown.path("bgp").has("lastError")).isTrue();
    assertThat(shown.path("link").path("state").asText()).isEqualTo("Up");
    assertThat(shown.path("conditions").findValuesAsText("type"))
        .contains("CONFIG_APPLIED", "LINK_UP", "BGP_ESTABLISHED");
    assertThat(shown.path("router").path("silent").asBoolean()).isFalse();

    Answer byTrunk = server.get("/junction/v1/network/cftdemotrunk00000001");
    assertThat(byTrunk.json().path("kind").asText()).isEqualTo("trunk");

    Answer stranger = server.as(other, "GET", "/junction/v1/network/" + id, null);
    Answer missing = server.as(other, "GET", "/junction/v1/network/cpcneverexisted", null);
    assertThat(stranger.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(stranger.json().path("message").asText())
        .isEqualTo(missing.json().path("message").asText().replace("cpcneverexisted", id));
  }

  @Test
  void takesTheGlobalKeySchemeToo() {
    String tenant = server.tenant("key-tenant", "key-account");
    String principal =
        server.principal(tenant, "kim", "kim@net.test", "key-account", "Magic WAN Read");
    String key =
        server
            .admin("/admin/v1/principals/" + principal + "/globalKey", null)
            .path("globalKey")
            .asText();
    Answer answer =
        server.anonymous(
            "GET",
            "/junction/v1/network/cpcnothing",
            null,
            "X-Auth-Email",
            "kim@net.test",
            "X-Auth-Key",
            key);
    assertThat(answer.status()).as(answer.text()).isEqualTo(404);
    assertThat(answer.json().path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void answersBadRequestsWithJsonNeverAFailure() {
    Answer none = server.anonymous("GET", "/junction/v1/network/cpcanything", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHENTICATED");

    Answer tooLong = server.get("/junction/v1/network/" + "x".repeat(101));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("message").asText()).startsWith("resourceId:");
    Answer odd = server.get("/junction/v1/network/a%20b");
    assertThat(odd.status()).isEqualTo(400);
    Answer empty = server.get("/junction/v1/network/");
    assertThat(empty.status()).isEqualTo(400);
    Answer posted = server.post("/junction/v1/network/cpcanything", "{}");
    assertThat(posted.status()).isEqualTo(405);
    Answer elsewhere = server.get("/junction/v1/networks");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.json().path("code").asText()).isEqualTo("NOT_FOUND");
  }
}
