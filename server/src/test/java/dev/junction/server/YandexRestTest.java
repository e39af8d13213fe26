package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Yandex REST surface over real HTTP: the curl sequence of the README, proto3 JSON in both
 * spellings, errors as {@code {code, message, details}} with the right HTTP status, pages, filters
 * and the idempotency key.
 */
class YandexRestTest {
  private static final String TRUNK = "cftdemotrunk00000001";

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

  private static String connection(String folder, String name, int vlan, int octet) {
    return """
        {"folderId": "%s", "name": "%s", "trunkConnectionId": "%s", "vlanId": "%d",
         "ipv4Peering": {"peeringSubnet": "169.254.%d.0/30", "peerIp": "169.254.%d.1",
                         "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001"}}
        """
        .formatted(folder, name, TRUNK, vlan, octet, octet, octet);
  }

  private static String createdId(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json().path("metadata").path("privateConnectionId").asText();
  }

  @Test
  void runsTheCurlSequence() {
    Answer created =
        server.post("/cic/v1/privateConnections", connection("rest-folder", "rest-pc", 500, 50));
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().path("done").asBoolean()).isFalse();
    assertThat(created.json().has("done")).as("done is printed even when false").isTrue();
    assertThat(created.json().path("metadata").path("@type").asText())
        .isEqualTo("type.googleapis.com/yandex.cloud.cic.v1.CreatePrivateConnectionMetadata");
    String id = createdId(created);

    JsonNode done = server.awaitOperation(created.json().path("id").asText());
    assertThat(done.path("response").path("@type").asText())
        .isEqualTo("type.googleapis.com/yandex.cloud.cic.v1.PrivateConnection");
    assertThat(done.path("response").path("status").asText()).isEqualTo("ACTIVE");

    Answer fetched = server.get("/cic/v1/privateConnections/" + id);
    assertThat(fetched.json().path("status").asText()).isEqualTo("ACTIVE");
    assertThat(fetched.json().path("vlanId").asText())
        .as("Int64Value as a string")
        .isEqualTo("500");
    assertThat(fetched.json().path("ipv4Peering").path("peerBgpAsn").asText()).isEqualTo("65001");
    assertThat(fetched.json().path("createdAt").asText()).endsWith("Z");

    Answer listed = server.get("/cic/v1/privateConnections?folderId=rest-folder");
    assertThat(listed.json().path("privateConnections").findValuesAsText("id")).containsExactly(id);

    Answer updated =
        server.call(
            "PATCH",
            "/cic/v1/privateConnections/" + id,
            "{\"updateMask\": \"name,description\", \"name\": \"rest-renamed\", \"description\": \"via REST\"}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(
            server
                .awaitOperation(updated.json().path("id").asText())
                .path("response")
                .path("name")
                .asText())
        .isEqualTo("rest-renamed");
    assertThat(server.get("/cic/v1/privateConnections/" + id).json().path("vlanId").asText())
        .isEqualTo("500");

    Answer deleted = server.call("DELETE", "/cic/v1/privateConnections/" + id, null);
    JsonNode deletion = server.awaitOperation(deleted.json().path("id").asText());
    assertThat(deletion.path("response").path("@type").asText())
        .isEqualTo("type.googleapis.com/google.protobuf.Empty");
    Answer gone = server.get("/cic/v1/privateConnections/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("code").asInt()).isEqualTo(5);
  }

  @Test
  void acceptsSnakeCaseNamesAndNumbersForInt64() {
    String body =
        """
        {"folder_id": "snake-folder", "name": "snake", "trunk_connection_id": "%s", "vlan_id": 501,
         "ipv4_peering": {"peering_subnet": "10.5.5.0/31", "peer_ip": "10.5.5.0", "cloud_ip": "10.5.5.1",
                          "peer_bgp_asn": 4200000001},
         "ipv4_static_routes": [{"prefix": "10.77.0.0/16"}],
         "labels": {"team": "net"}}
        """
            .formatted(TRUNK);
    String id = createdId(server.post("/cic/v1/privateConnections", body));
    JsonNode fetched = server.get("/cic/v1/private_connections/" + id).json();
    JsonNode byCamel = server.get("/cic/v1/privateConnections/" + id).json();
    assertThat(fetched.path("code").asInt()).as("paths are not renamed").isEqualTo(5);
    assertThat(byCamel.path("ipv4Peering").path("peerBgpAsn").asText()).isEqualTo("4200000001");
    assertThat(byCamel.path("labels").path("team").asText()).isEqualTo("net");
  }

  @Test
  void acceptsTheLegacyFieldsOldClientsSend() {
    String body =
        connection("legacy-folder", "legacy", 502, 52)
            .replaceFirst("\\{", "{\"regionId\": \"ru-central1\",");
    assertThat(server.post("/cic/v1/privateConnections", body).status()).isEqualTo(200);
  }

  @Test
  void rejectsInvalidInputWith400NamingTheFieldAndChangesNothing() {
    String bad =
        connection("bad-folder", "bad", 4095, 53).replace("169.254.53.0/30", "169.254.53.0/29");
    Answer answer = server.post("/cic/v1/privateConnections", bad);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("code").asInt()).isEqualTo(3);
    assertThat(answer.json().path("message").asText())
        .contains("vlan_id")
        .contains("ipv4_peering.peering_subnet");
    JsonNode violations = answer.json().path("details").get(0);
    assertThat(violations.path("@type").asText())
        .isEqualTo("type.googleapis.com/google.rpc.BadRequest");
    assertThat(violations.path("fieldViolations").findValuesAsText("field"))
        .containsExactly("vlan_id", "ipv4_peering.peering_subnet");
    assertThat(
            server
                .get("/cic/v1/privateConnections?folderId=bad-folder")
                .json()
                .path("privateConnections")
                .size())
        .isZero();
  }

  @Test
  void rejectsMalformedRequestsWithoutA5xx() {
    assertThat(server.post("/cic/v1/privateConnections", "{not json").status()).isEqualTo(400);
    assertThat(server.post("/cic/v1/privateConnections", "[1,2]").status()).isEqualTo(400);
    assertThat(server.post("/cic/v1/privateConnections", "{\"noSuchField\": 1}").status())
        .isEqualTo(400);
    assertThat(server.post("/cic/v1/privateConnections", "{\"vlanId\": \"many\"}").status())
        .isEqualTo(400);
    assertThat(server.get("/cic/v1/privateConnections?folderId=x&pageSize=abc").status())
        .isEqualTo(400);
    assertThat(server.get("/cic/v1/privateConnections?folderId=x&nope=1").status()).isEqualTo(400);
    assertThat(server.get("/cic/v1/privateConnections/" + "x".repeat(51)).status()).isEqualTo(400);
    assertThat(server.get("/cic/v1/nothingHere").status()).isEqualTo(404);
    assertThat(server.call("PUT", "/cic/v1/privateConnections/abc", "{}").status()).isEqualTo(405);
    Answer noFolder = server.get("/cic/v1/privateConnections");
    assertThat(noFolder.status()).isEqualTo(400);
    assertThat(noFolder.json().path("message").asText()).contains("folder_id");
  }

  @Test
  void answersUnauthenticatedWith401() {
    Answer missing = server.call("GET", "/cic/v1/pointOfPresences", null, "Authorization", "");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().path("code").asInt()).isEqualTo(16);
    Answer wrong =
        server.call("GET", "/cic/v1/pointOfPresences", null, "Authorization", "Bearer nope");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(server.call("GET", "/operations/x", null, "Authorization", "Basic abc").status())
        .isEqualTo(401);
  }

  @Test
  void pagesWithOpaqueTokensAndFiltersByName() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          createdId(
              server.post(
                  "/cic/v1/privateConnections",
                  connection("page-folder", "page-" + i, 510 + i, 60 + i))));
    }
    Answer first = server.get("/cic/v1/privateConnections?folderId=page-folder&pageSize=2");
    assertThat(first.json().path("privateConnections").findValuesAsText("id"))
        .containsExactly(ids.get(0), ids.get(1));
    String token = first.json().path("nextPageToken").asText();
    assertThat(token).isNotEmpty().doesNotContain(ids.get(1));
    Answer second =
        server.get("/cic/v1/privateConnections?folderId=page-folder&pageSize=2&pageToken=" + token);
    assertThat(second.json().path("privateConnections").findValuesAsText("id"))
        .containsExactly(ids.get(2));
    assertThat(second.json().path("nextPageToken").asText("")).isEmpty();

    assertThat(server.get("/cic/v1/privateConnections?folderId=page-folder&pageSize=1001").status())
        .isEqualTo(400);
    assertThat(
            server.get("/cic/v1/privateConnections?folderId=page-folder&pageToken=forged").status())
        .isEqualTo(400);

    Answer filtered =
        server.get("/cic/v1/privateConnections?folderId=page-folder&filter=name%3D%22page-1%22");
    assertThat(filtered.json().path("privateConnections").findValuesAsText("id"))
        .containsExactly(ids.get(1));
    Answer in =
        server.get(
            "/cic/v1/privateConnections?folderId=page-folder&filter=name%20IN%20(%22page-0%22,%22page-2%22)");
    assertThat(in.json().path("privateConnections").findValuesAsText("id"))
        .containsExactly(ids.get(0), ids.get(2));
    assertThat(
            server.get("/cic/v1/privateConnections?folderId=page-folder&filter=vlan%3D1").status())
        .isEqualTo(400);
  }

  @Test
  void returnsTheFirstOperationForARepeatedIdempotencyKey() {
    String body = connection("idem-folder", "idem", 520, 70);
    Answer first =
        server.call("POST", "/cic/v1/privateConnections", body, "Idempotency-Key", "0c9b2d1e-key");
    Answer second =
        server.call("POST", "/cic/v1/privateConnections", body, "Idempotency-Key", "0c9b2d1e-key");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
  }

  @Test
  void listsOperationsNewestFirstAndCancelsByGetOrPost() {
    String id =
        createdId(
            server.post("/cic/v1/privateConnections", connection("ops-folder", "ops", 530, 80)));
    Answer create = server.get("/cic/v1/privateConnections/" + id + "/operations");
    String createOp = create.json().path("operations").get(0).path("id").asText();
    server.awaitOperation(createOp);
    Answer upsert =
        server.post(
            "/cic/v1/privateConnections/" + id + ":upsertStaticRoutes",
            "{\"ipv4StaticRoutes\": [{\"prefix\": \"10.88.0.0/16\"}]}");
    assertThat(upsert.status()).isEqualTo(200);
    Answer listed = server.get("/cic/v1/privateConnections/" + id + "/operations");
    assertThat(listed.json().path("operations").findValuesAsText("description"))
        .containsExactly("Upsert static routes of private connection", "Create private connection");
    String upsertOp = upsert.json().path("id").asText();
    Answer byGet = server.get("/operations/" + upsertOp + ":cancel");
    Answer byPost = server.post("/operations/" + upsertOp + ":cancel", "{}");
    assertThat(byGet.status()).isEqualTo(200);
    assertThat(byPost.status()).isEqualTo(200);
    JsonNode finished = server.awaitOperation(upsertOp);
    assertThat(finished.has("error") || finished.has("response")).isTrue();
  }

  @Test
  void servesTheCatalogueTrunksAndEndpoints() {
    assertThat(server.get("/cic/v1/pointOfPresences/mow01").json().path("name").asText())
        .isEqualTo("Moscow, Butlerova");
    assertThat(server.get("/cic/v1/partners").json().path("partners").findValuesAsText("id"))
        .contains("northlink");
    JsonNode trunk = server.get("/cic/v1/trunkConnections/" + TRUNK).json();
    assertThat(trunk.path("singlePortDirectJoint").path("portName").asText()).isEqualTo("et-0/0/1");
    assertThat(trunk.path("capacity").asText()).isEqualTo("CAPACITY_1_GBPS");
    assertThat(
            server
                .get(
                    "/cic/v1/trunkConnections:batchGet?trunkConnectionIds="
                        + TRUNK
                        + "&trunkConnectionIds=none")
                .json()
                .path("trunkConnections")
                .size())
        .isEqualTo(1);
    JsonNode endpoints = server.get("/endpoints").json().path("endpoints");
    assertThat(endpoints.findValuesAsText("id")).contains("cic", "operation");
    assertThat(endpoints.get(0).path("address").asText()).endsWith(":" + server.server.grpcPort());
  }

  @Test
  void refusesToDeleteATrunkThatCarriesConnections() {
    createdId(
        server.post("/cic/v1/privateConnections", connection("busy-folder", "busy", 540, 90)));
    Answer refused = server.call("DELETE", "/cic/v1/trunkConnections/" + TRUNK, null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("code").asInt()).isEqualTo(9);
  }

  @Test
  void turnsATicketIntoATrunkWhenTheOperatorApproves() {
    Answer ticket =
        server.post(
            "/cic/v1/trunkConnectionTickets",
            """
            {"folderId": "ticket-folder", "spec": {"name": "ordered", "capacity": "CAPACITY_10_GBPS",
             "pointOfPresenceId": "iad01", "userMessage": "please"}}
            """);
    assertThat(ticket.status()).as(ticket.text()).isEqualTo(200);
    String ticketId = ticket.json().path("metadata").path("ticketId").asText();
    assertThat(ticket.json().path("metadata").path("supportTicketId").asText()).startsWith("SUP-");
    server.awaitOperation(ticket.json().path("id").asText());
    assertThat(
            server.get("/cic/v1/trunkConnectionTickets/" + ticketId).json().path("status").asText())
        .isEqualTo("STATUS_PENDING_SUPPORT");

    Answer approved = server.post("/admin/v1/tickets/" + ticketId + ":approve", null);
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    String trunkId = approved.json().path("resourceId").asText();
    JsonNode operations = server.get("/cic/v1/trunkConnections/" + trunkId + "/operations").json();
    server.awaitOperation(operations.path("operations").get(0).path("id").asText());
    assertThat(server.get("/cic/v1/trunkConnections/" + trunkId).json().path("status").asText())
        .isEqualTo("ACTIVE");
    assertThat(
            server
                .get("/cic/v1/trunkConnectionTickets/" + ticketId)
                .json()
                .path("trunkConnectionId")
                .asText())
        .isEqualTo(trunkId);
  }
}
