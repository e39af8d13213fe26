package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.rpc.BadRequest;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PeeringRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.UpdatePrivateConnectionRequest;
import dev.junction.server.RunningServer.Answer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed Yandex input over the real server: proto3 JSON read exactly and refused naming the
 * field, update masks, query parameters, the trunk-ticket filter, and errors with many violations
 * kept small over REST and within a standard gRPC client's header limit.
 */
class YandexStrictInputTest {
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String CONNECTIONS = "/cic/v1/privateConnections";

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
                         "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001"}}"""
        .formatted(folder, name, TRUNK, vlan, octet, octet, octet);
  }

  /** Asserts a 400 INVALID_ARGUMENT whose first field violation is {@code field}. */
  private static JsonNode assertInvalid(Answer answer, String field) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.json().path("code").asInt()).as(answer.text()).isEqualTo(3);
    assertThat(violations(answer.json()).findValuesAsText("field"))
        .as(answer.text())
        .contains(field);
    assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
    return answer.json();
  }

  private static JsonNode violations(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      if (detail.path("@type").asText().endsWith("google.rpc.BadRequest")) {
        return detail.path("fieldViolations");
      }
    }
    return RunningServer.JSON.createArrayNode();
  }

  private static List<String> connectionNames(String folder) {
    return server
        .get(CONNECTIONS + "?folderId=" + folder)
        .json()
        .path("privateConnections")
        .findValuesAsText("name");
  }

  @Test
  void namesTheFieldOfAValueOfTheWrongJsonType() {
    String folder = "types-folder";
    JsonNode error =
        assertInvalid(
            server.post(
                CONNECTIONS, connection(folder, "typed", 600, 60).replace("\"600\"", "\"abc\"")),
            "vlan_id");
    assertThat(error.path("message").asText()).contains("vlan_id").contains("abc");

    assertInvalid(
        server.post(CONNECTIONS, connection(folder, "typed", 600, 60).replace("\"65001\"", "true")),
        "ipv4_peering.peer_bgp_asn");
    assertInvalid(
        server.post(CONNECTIONS, connection(folder, "typed", 600, 60).replace("\"typed\"", "5")),
        "name");
    assertInvalid(
        server.post(
            CONNECTIONS,
            connection(folder, "typed", 600, 60)
                .replace("\"peerBgpAsn\"", "\"ipv4StaticRoutes\": \"10.0.0.0/8\", \"peerBgpAsn\"")),
        "ipv4_peering.ipv4StaticRoutes");
    assertInvalid(
        server.post(
            CONNECTIONS,
            connection(folder, "typed", 600, 60)
                .replace("\"folderId\"", "\"ipv4StaticRoutes\": [{\"prefix\": 10}], \"folderId\"")),
        "ipv4_static_routes[0].prefix");
    assertInvalid(
        server.post(
            CONNECTIONS,
            connection(folder, "typed", 600, 60).replace("\"600\"", "99999999999999999999")),
        "vlan_id");
    assertInvalid(
        server.post(
            CONNECTIONS,
            connection(folder, "typed", 600, 60)
                .replace("\"folderId\"", "\"labels\": {\"team\": 7}, \"folderId\"")),
        "labels.team");
    assertThat(connectionNames(folder)).isEmpty();

    Answer ticket =
        server.post(
            "/cic/v1/trunkConnectionTickets",
            """
            {"folderId": "%s", "spec": {"name": "t", "capacity": "CAPACITY_FAST",
             "pointOfPresenceId": "iad01"}}"""
                .formatted(folder));
    assertThat(assertInvalid(ticket, "spec.capacity").path("message").asText())
        .contains("CAPACITY_10_GBPS");
  }

  @Test
  void refusesAOneElementArrayWhereAScalarIsExpected() {
    String before = server.get("/cic/v1/trunkConnections/" + TRUNK).json().path("name").asText();
    Answer renamed =
        server.call(
            "PATCH",
            "/cic/v1/trunkConnections/" + TRUNK,
            "{\"updateMask\": \"name\", \"name\": [\"x\"]}");
    assertThat(assertInvalid(renamed, "name").path("message").asText()).contains("an array");
    assertThat(server.get("/cic/v1/trunkConnections/" + TRUNK).json().path("name").asText())
        .isEqualTo(before)
        .isNotEqualTo("x");
  }

  @Test
  void refusesUnknownFieldsTrailingDataConcatenatedObjectsAndDuplicateKeys() {
    String folder = "shape-folder";
    String valid = connection(folder, "shaped", 610, 61);
    assertInvalid(server.post(CONNECTIONS, valid + " garbage"), "body");
    assertInvalid(server.post(CONNECTIONS, valid + "{}"), "body");
    assertInvalid(server.post(CONNECTIONS, valid + valid), "body");
    assertInvalid(
        server.post(
            CONNECTIONS, valid.replace("{\"folderId\"", "{\"name\": \"first\", \"folderId\"")),
        "name");
    assertInvalid(
        server.post(CONNECTIONS, valid.replace("{\"folderId\"", "{\"vlan_id\": 611, \"folderId\"")),
        "vlan_id");
    assertInvalid(
        server.post(
            CONNECTIONS, valid.replace("{\"folderId\"", "{\"colour\": \"red\", \"folderId\"")),
        "colour");
    assertInvalid(
        server.post(
            CONNECTIONS,
            valid.replace("\"peerIp\"", "\"peerIpAddress\": \"169.254.61.1\", \"peerIp\"")),
        "ipv4_peering.peerIpAddress");
    assertThat(connectionNames(folder)).as("nothing was created").isEmpty();

    assertThat(server.post(CONNECTIONS, valid).status()).as("the valid body alone").isEqualTo(200);
    assertThat(connectionNames(folder)).containsExactly("shaped");
  }

  @Test
  void refusesEmptyAndControlCharacterMaskPathsEvenNextToInvalidFields() {
    String id =
        server
            .post(CONNECTIONS, connection("mask-folder", "masked", 620, 62))
            .json()
            .path("metadata")
            .path("privateConnectionId")
            .asText();
    String path = CONNECTIONS + "/" + id;
    JsonNode nul =
        assertInvalid(
            server.call(
                "PATCH", path, "{\"updateMask\": \"\\u0000\", \"name\": \"Not A Valid Name!\"}"),
            "update_mask");
    assertThat(nul.path("message").asText()).contains("control characters");
    assertInvalid(
        server.call("PATCH", path, "{\"updateMask\": \"name,,description\", \"name\": \"n\"}"),
        "update_mask");
    assertInvalid(
        server.call("PATCH", path, "{\"updateMask\": \"name,colour\", \"name\": \"n\"}"),
        "update_mask");
    assertThat(server.get(path).json().path("name").asText()).isEqualTo("masked");
  }

  @Test
  void refusesQueryParametersAListDoesNotTakeAndQueryParametersOnBodyMethods() {
    assertInvalid(server.get(CONNECTIONS + "?folderId=query-folder&colour=red"), "colour");
    Answer noFilter =
        server.get("/cic/v1/trunkConnections/" + TRUNK + "/operations?filter=name%3D%22x%22");
    assertThat(assertInvalid(noFilter, "filter").path("message").asText()).contains("filter");

    Answer onPost =
        server.post(CONNECTIONS + "?name=from-query", connection("query-folder", "q", 630, 63));
    assertThat(assertInvalid(onPost, "name").path("message").asText()).contains("JSON body");
    assertThat(connectionNames("query-folder")).isEmpty();

    assertInvalid(server.call("GET", "/cic/v1/trunkConnections/" + TRUNK, "{\"x\": 1}"), "body");

    String huge = "p".repeat(5000);
    Answer hugeName = server.get(CONNECTIONS + "?folderId=query-folder&" + huge + "=1");
    assertThat(hugeName.status()).isEqualTo(400);
    assertThat(hugeName.text().length())
        .as("the error does not echo 5,000 characters")
        .isLessThan(1500);
  }

  @Test
  void appliesTheFilterOfTrunkTicketLists() {
    String folder = "ticket-filter-folder";
    for (String name : List.of("t-one", "t-two", "t-three")) {
      Answer ticket =
          server.post(
              "/cic/v1/trunkConnectionTickets",
              """
              {"folderId": "%s", "spec": {"name": "%s", "capacity": "CAPACITY_10_GBPS",
               "pointOfPresenceId": "iad01"}}"""
                  .formatted(folder, name));
      assertThat(ticket.status()).as(ticket.text()).isEqualTo(200);
      server.awaitOperation(ticket.json().path("id").asText());
    }
    String list = "/cic/v1/trunkConnectionTickets?folderId=" + folder;
    assertThat(names(server.get(list))).containsExactly("t-one", "t-two", "t-three");
    assertThat(names(server.get(list + "&filter=name%3D%22t-two%22"))).containsExactly("t-two");
    assertThat(names(server.get(list + "&filter=name%20NOT%20IN%20(%22t-one%22,%22t-three%22)")))
        .containsExactly("t-two");
    assertThat(
            names(server.get(list + "&filter=name%20IN%20(%22t-one%22,%22t-three%22)&pageSize=1")))
        .containsExactly("t-one");
    assertThat(names(server.get(list + "&filter=name%3D%22none%22"))).isEmpty();
  }

  private static List<String> names(Answer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    answer
        .json()
        .path("trunkConnectionTickets")
        .forEach(t -> names.add(t.path("spec").path("name").asText()));
    return names;
  }

  @Test
  void listsABoundedNumberOfViolationsInARestError() {
    String id =
        server
            .post(CONNECTIONS, connection("bounded-folder", "bounded", 640, 64))
            .json()
            .path("metadata")
            .path("privateConnectionId")
            .asText();
    StringBuilder mask = new StringBuilder("name");
    for (int i = 0; i < 1000; i++) {
      mask.append(",no_such_field_").append(i);
    }
    Answer answer =
        server.call("PATCH", CONNECTIONS + "/" + id, "{\"updateMask\": \"" + mask + "\"}");
    JsonNode error = assertInvalid(answer, "update_mask");
    assertThat(violations(error).size()).isEqualTo(10);
    assertCounted(error.path("message").asText(), 1000);
    assertThat(answer.text().length()).isLessThan(8 * 1024);
  }

  /** Asserts that {@code message} lists some violations, then counts the rest, to {@code total}. */
  private static void assertCounted(String message, int total) {
    java.util.regex.Matcher more =
        java.util.regex.Pattern.compile("; \\.\\.\\. and (\\d+) more$").matcher(message);
    assertThat(more.find()).as(message).isTrue();
    int listed = message.split("; (?=[a-z0-9_.\\[\\]]+: )").length;
    assertThat(listed).as(message).isBetween(1, 10);
    assertThat(listed + Integer.parseInt(more.group(1))).as(message).isEqualTo(total);
    assertThat(message.length()).isLessThan(1200);
  }

  private static PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub grpc() {
    // Armeria's client, like grpc-java's, accepts at most 8 KB of response headers.
    return GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
        .addHeader("authorization", "Bearer " + server.token)
        .build(PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub.class);
  }

  private static void assertBoundedInvalidArgument(Runnable call, int total) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode())
                  .as(e.toString())
                  .isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertCounted(e.getStatus().getDescription(), total);
              com.google.rpc.Status status = StatusProto.fromThrowable(e);
              assertThat(status).isNotNull();
              BadRequest details = unpack(status);
              assertThat(details.getFieldViolationsCount()).isEqualTo(10);
            });
  }

  private static BadRequest unpack(com.google.rpc.Status status) {
    try {
      return status.getDetails(0).unpack(BadRequest.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keepsAGrpcErrorWithManyViolationsWithinAStandardClientsHeaderLimit() {
    FieldMask.Builder mask = FieldMask.newBuilder();
    for (int i = 0; i < 25; i++) {
      mask.addPaths("no_such_field_" + i + "_" + "x".repeat(500));
    }
    assertBoundedInvalidArgument(
        () ->
            grpc()
                .update(
                    UpdatePrivateConnectionRequest.newBuilder()
                        .setPrivateConnectionId("grpcbounded000000001")
                        .setUpdateMask(mask)
                        .build()),
        25);

    CreatePrivateConnectionRequest.Builder create =
        CreatePrivateConnectionRequest.newBuilder()
            .setFolderId("grpc-bounded-folder")
            .setName("bounded")
            .setTrunkConnectionId(TRUNK)
            .setVlanId(Int64Value.of(650))
            .setIpv4Peering(
                PeeringRequest.newBuilder()
                    .setPeeringSubnet("192.168.65.0/31")
                    .setPeerIp("192.168.65.0")
                    .setCloudIp("192.168.65.1")
                    .setPeerBgpAsn(65001));
    for (int i = 0; i < 50; i++) {
      create.addIpv4StaticRoutes(
          PrivateConnection.StaticRoute.newBuilder()
              .setPrefix("not-a-prefix-" + i + "-" + "y".repeat(200)));
    }
    assertBoundedInvalidArgument(() -> grpc().create(create.build()), 50);
    assertThat(connectionNames("grpc-bounded-folder")).isEmpty();
  }
}
