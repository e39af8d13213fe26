package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator API refuses what a strict server refuses, over real HTTP: a body that is not exactly
 * one JSON object, a key given twice, a field of the wrong type or {@code null} where a value is
 * required, and query parameters an operation does not take. Each refusal is a 400 {@code
 * INVALID_ARGUMENT} naming the field or parameter, and changes nothing.
 */
class AdminStrictInputTest {
  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Asserts the operator API's 400 and returns its message. */
  private static String refused(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.json().path("code").asText()).as(answer.text()).isEqualTo("INVALID_ARGUMENT");
    return answer.json().path("message").asText();
  }

  /** Returns what the operator API shows of tenants, principals, tokens and faults. */
  private static String state() {
    return server.get("/admin/v1/tenants").text()
        + server.get("/admin/v1/principals").text()
        + server.get("/admin/v1/tokens").text()
        + server.get("/admin/v1/network/faults").text();
  }

  @Test
  void refusesANullOrWronglyTypedTenantName() {
    String before = state();
    assertThat(refused(server.post("/admin/v1/tenants", "{\"name\": null}"))).startsWith("name: ");
    assertThat(refused(server.post("/admin/v1/tenants", "{\"name\": 5}")))
        .isEqualTo("name: must be a string");
    assertThat(refused(server.post("/admin/v1/tenants", "{\"name\": [\"x\"]}")))
        .isEqualTo("name: must be a string");
    assertThat(refused(server.post("/admin/v1/tenants", "{\"name\": true}")))
        .isEqualTo("name: must be a string");
    assertThat(state()).as("nothing changed").isEqualTo(before);
    assertThat(server.get("/admin/v1/tenants").text()).doesNotContain("\"null\"");
  }

  @Test
  void refusesABodyThatIsNotExactlyOneJsonObject() {
    String before = state();
    String tenants = "/admin/v1/tenants";
    assertThat(refused(server.post(tenants, "{\"name\": \"acme\"} x")))
        .startsWith("body: must be one JSON object, with nothing after it");
    assertThat(refused(server.post(tenants, "{\"name\": \"acme\"}{\"name\": \"other\"}")))
        .startsWith("body: must be one JSON object, with nothing after it");
    assertThat(refused(server.post(tenants, "{\"name\": \"acme\", \"name\": \"other\"}")))
        .isEqualTo("name: is given more than once");
    assertThat(refused(server.post(tenants, "[{\"name\": \"acme\"}]")))
        .isEqualTo("body: must be a JSON object");
    assertThat(refused(server.post(tenants, "{\"name\": acme}")))
        .startsWith("body: is not valid JSON (at line 1, column");
    String nested =
        """
        {"folderId": "f", "trunkId": "t", "name": "p",
         "peering": {"peerBgpAsn": 65001, "peerBgpAsn": 65002}}
        """;
    assertThat(refused(server.post("/admin/v1/publicConnections", nested)))
        .isEqualTo("peering.peerBgpAsn: is given more than once");
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void refusesFieldsOfTheWrongTypeNamingThem() {
    String before = state();
    String connections = "/admin/v1/publicConnections";
    assertThat(
            refused(
                server.post(
                    connections,
                    "{\"folderId\": \"f\", \"trunkId\": \"t\", \"name\": \"p\", \"vlanId\":"
                        + " \"abc\"}")))
        .isEqualTo("vlanId: must be an integer");
    assertThat(
            refused(
                server.post(
                    connections,
                    "{\"folderId\": \"f\", \"trunkId\": \"t\", \"name\": \"p\","
                        + " \"peering\": {\"peerBgpAsn\": \"65001\"}}")))
        .isEqualTo("peering.peerBgpAsn: must be an integer");
    assertThat(
            refused(
                server.post(
                    connections,
                    "{\"folderId\": \"f\", \"trunkId\": \"t\", \"name\": \"p\","
                        + " \"peering\": \"10.0.0.0/31\"}")))
        .isEqualTo("peering: must be an object");
    assertThat(
            refused(
                server.post(
                    connections,
                    "{\"folderId\": \"f\", \"trunkId\": \"t\", \"name\": \"p\","
                        + " \"staticRoutes\": [\"10.0.0.0/8\", 7]}")))
        .isEqualTo("staticRoutes[1]: must be a string");
    assertThat(
            refused(
                server.post(
                    "/admin/v1/network/faults",
                    "{\"kind\": \"link\", \"target\": 7, \"reason\": \"r\"}")))
        .isEqualTo("target: must be a string");
    assertThat(
            refused(
                server.post(
                    "/admin/v1/network/faults",
                    "{\"kind\": \"link\", \"target\": \"t\", \"reason\": {\"a\": 1}}")))
        .isEqualTo("reason: must be a string");
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void refusesQueryParametersAnOperationDoesNotTake() {
    String before = state();
    assertThat(refused(server.get("/admin/v1/tenants?name=acme")))
        .isEqualTo("name: is not a parameter of this operation (it takes none)");
    assertThat(refused(server.get("/admin/v1/principals?tenant=t")))
        .isEqualTo("tenant: is not a parameter of this operation (it takes tenantId)");
    assertThat(refused(server.get("/admin/v1/audit?pageSize=1&pageSize=2")))
        .isEqualTo("pageSize: must be given at most once");
    assertThat(refused(server.post("/admin/v1/tenants?name=acme", "{\"name\": \"acme\"}")))
        .startsWith("name: is not a parameter of this operation");
    assertThat(state()).as("nothing changed").isEqualTo(before);

    // What the junction command sends still works.
    assertThat(server.get("/admin/v1/tickets?folderId=f").status()).isEqualTo(200);
    assertThat(server.get("/admin/v1/audit?pageSize=5&principal=p&tenant=t").status())
        .isEqualTo(200);
    assertThat(server.get("/admin/v1/network/faults?router=r").status()).isEqualTo(200);
  }

  @Test
  void answers404ForAPathWithNoOperationAnd405ForAMethodAPathDoesNotTake() {
    for (String path :
        List.of("/admin/v1/whatever", "/admin/v1/tenants/t1", "/admin/v1/tokens/x")) {
      Answer missing = server.get(path);
      assertThat(missing.status()).as(missing.text()).isEqualTo(404);
      assertThat(missing.json().path("code").asText()).isEqualTo("NOT_FOUND");
      assertThat(missing.json().path("message").asText())
          .isEqualTo("no operator method at " + path);
    }
    String before = state();
    Answer delete = server.call("DELETE", "/admin/v1/tenants", "{\"name\": \"acme\"}");
    assertThat(delete.status()).as(delete.text()).isEqualTo(405);
    assertThat(delete.json().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(delete.json().path("message").asText())
        .isEqualTo("DELETE is not allowed on /admin/v1/tenants (allowed: GET, POST)");
    assertThat(delete.header("allow")).isEqualTo("GET, POST");
    Answer patch = server.call("PATCH", "/admin/v1/network/faults", "{\"kind\": \"link\"}");
    assertThat(patch.status()).as(patch.text()).isEqualTo(405);
    assertThat(patch.header("allow")).isEqualTo("GET, POST, DELETE");
    Answer put = server.call("PUT", "/admin/v1/tickets/tkt1:approve", "{}");
    assertThat(put.status()).as(put.text()).isEqualTo(405);
    assertThat(put.header("allow")).isEqualTo("POST");
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void listsAtMostTenViolationsAndCountsTheRest() {
    String before = state();
    List<String> routes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      routes.add("\"bad-route-" + "x".repeat(1000) + i + "\"");
    }
    String body =
        "{\"folderId\": \"f\", \"trunkId\": \"t\", \"name\": \"p\", \"staticRoutes\": [%s]}"
            .formatted(String.join(",", routes));
    String message = refused(server.post("/admin/v1/publicConnections", body));
    assertThat(message).endsWith(" more");
    assertThat(message.split("staticRoutes\\[")).hasSizeLessThanOrEqualTo(11);
    assertThat(message.length()).as(message).isLessThan(3000);
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }
}
