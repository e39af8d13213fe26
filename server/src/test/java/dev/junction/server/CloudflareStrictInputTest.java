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
 * The Cloudflare API refuses what a strict server refuses, over real HTTP: bodies that are not
 * exactly one JSON object, wrong types, query parameters an operation does not take, paths with no
 * operation and methods a path does not take. Each refusal is a 4xx in Cloudflare's body naming the
 * field or parameter, and changes nothing.
 */
class CloudflareStrictInputTest {
  private static final String ACCOUNT = "acct-strict";
  private static final String API = "/client/v4/accounts/" + ACCOUNT + "/cni";
  private static final String FRA_SLOT_1 = "ff466100-c991-4047-a31f-f0808ecc730c";
  private static final String IAD_SLOT_1 = "ab3456ff-be75-4457-b00e-22ee111ba41e";
  private static final String SOME_CNI = "0e2f1a7c-1d2b-4c3d-8e4f-5a6b7c8d9e0f";

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

  /** Asserts Cloudflare's error body with {@code code} and returns its one message. */
  private static String refused(Answer answer, int status, int code) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    JsonNode body = answer.json();
    assertThat(body.path("success").isBoolean()).as(answer.text()).isTrue();
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("messages").isArray()).isTrue();
    assertThat(body.has("result") && body.get("result").isNull()).isTrue();
    assertThat(body.path("errors")).hasSize(1);
    assertThat(body.path("errors").get(0).path("code").asInt()).as(answer.text()).isEqualTo(code);
    return body.path("errors").get(0).path("message").asText();
  }

  /** Returns what the account holds, as the API lists it: interconnects, CNIs and settings. */
  private static String state() {
    return server.get(API + "/interconnects").text()
        + server.get(API + "/cnis").text()
        + server.get(API + "/settings").text()
        + server.get(API + "/slots/" + FRA_SLOT_1).text();
  }

  @Test
  void refusesABodyThatIsNotExactlyOneJsonObjectOfTheRightTypes() {
    String before = state();
    String valid =
        "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
            .formatted(ACCOUNT, FRA_SLOT_1);
    String interconnects = API + "/interconnects";

    assertThat(refused(server.post(interconnects, valid + " garbage"), 400, 1000))
        .startsWith("body: must be one JSON object, with nothing after it");
    assertThat(refused(server.post(interconnects, valid + valid), 400, 1000))
        .startsWith("body: must be one JSON object, with nothing after it");
    assertThat(refused(server.post(interconnects, valid + "\n[]"), 400, 1000))
        .startsWith("body: must be one JSON object");
    assertThat(refused(server.post(interconnects, "[" + valid + "]"), 400, 1000))
        .isEqualTo("body: must be a JSON object");
    assertThat(refused(server.post(interconnects, "\"direct\""), 400, 1000))
        .isEqualTo("body: must be a JSON object");
    String twice =
        "{\"account\":\"%s\",\"slot_id\":\"not-a-slot\",\"type\":\"direct\",\"slot_id\":\"%s\"}"
            .formatted(ACCOUNT, FRA_SLOT_1);
    assertThat(refused(server.post(interconnects, twice), 400, 1000))
        .isEqualTo("slot_id: is given more than once");
    String nested =
        """
        {"account": "%s", "interconnect": "x",
         "magic": {"conduit_name": "c", "description": "", "mtu": 1500, "mtu": 1400}}
        """
            .formatted(ACCOUNT);
    assertThat(refused(server.post(API + "/cnis", nested), 400, 1000))
        .isEqualTo("magic.mtu: is given more than once");
    assertThat(
            refused(
                server.post(API + "/cnis", "{\"bgp\": {\"extra_prefixes\": [\"10.0.0.0/8\", 1x]}}"),
                400,
                1000))
        .startsWith("body: is not valid JSON near bgp.extra_prefixes (at line 1, column");
    assertThat(
            refused(
                server.post(API + "/cnis", "{\"magic\": {\"mtu\": 1500 \"description\": \"\"}}"),
                400,
                1000))
        .startsWith("body: is not valid JSON near magic.mtu (at line 1, column");

    // Wrong types, one-element lists for a value included, name the field.
    assertThat(
            refused(
                server.post(
                    interconnects,
                    "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":[\"direct\"]}"
                        .formatted(ACCOUNT, FRA_SLOT_1)),
                400,
                1001))
        .isEqualTo("type: must be a string");
    assertThat(
            refused(
                server.post(
                    interconnects,
                    "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\",\"speed\":10}"
                        .formatted(ACCOUNT, FRA_SLOT_1)),
                400,
                1001))
        .isEqualTo("speed: must be a string");
    assertThat(
            refused(
                server.post(
                    interconnects,
                    "{\"account\":12,\"slot_id\":\"%s\",\"type\":\"direct\"}"
                        .formatted(FRA_SLOT_1)),
                400,
                1001))
        .isEqualTo("account: must be a string");
    assertThat(
            refused(
                server.call("PUT", API + "/settings", "{\"default_asn\":\"64512\"}"), 400, 1001))
        .isEqualTo("default_asn: must be an integer");
    assertThat(
            refused(server.call("PUT", API + "/settings", "{\"default_asn\":[64512]}"), 400, 1001))
        .isEqualTo("default_asn: must be an integer");
    assertThat(
            refused(server.call("PUT", API + "/settings", "{\"default_asn\":64512.5}"), 400, 1001))
        .isEqualTo("default_asn: must be an integer");
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void refusesQueryParametersAnOperationDoesNotTake() {
    String before = state();
    assertThat(refused(server.get(API + "/interconnects?site=iad01&bogus=1"), 400, 1001))
        .isEqualTo(
            "bogus: is not a parameter of this operation (it takes site, type, cursor, limit)");
    assertThat(refused(server.get(API + "/cnis?page=2"), 400, 1001)).startsWith("page: ");
    assertThat(refused(server.get(API + "/slots?per_page=5"), 400, 1001)).startsWith("per_page: ");
    assertThat(refused(server.get(API + "/settings?default_asn=1"), 400, 1001))
        .isEqualTo("default_asn: is not a parameter of this operation (it takes none)");
    assertThat(refused(server.call("PUT", API + "/settings?default_asn=64512", "{}"), 400, 1001))
        .startsWith("default_asn: is not a parameter");
    assertThat(
            refused(
                server.post(
                    API + "/interconnects?validate_only=true",
                    "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
                        .formatted(ACCOUNT, FRA_SLOT_1)),
                400,
                1001))
        .startsWith("validate_only: is not a parameter");
    assertThat(refused(server.get(API + "/interconnects?limit=1&limit=2"), 400, 1001))
        .isEqualTo("limit: must be given at most once");
    assertThat(state()).as("nothing changed").isEqualTo(before);

    // What the SDKs send still works, an explicit null (empty value) included.
    assertThat(server.get(API + "/interconnects?cursor=&limit=10&site=&type=direct").status())
        .isEqualTo(200);
    assertThat(server.get(API + "/cnis?slot=&tunnel_id=&cursor=&limit=0").status()).isEqualTo(200);
    assertThat(
            server
                .get(
                    API + "/slots?site=&occupied=true&cursor=&limit=0&speed=10G&address_contains=A")
                .status())
        .isEqualTo(200);
  }

  @Test
  void answers404ForAPathWithNoOperationAnd405ForAMethodAPathDoesNotTake() {
    String icon = "cftnothing";
    assertThat(refused(server.get(API + "/interconnects/" + icon + "/default"), 404, 1007))
        .isEqualTo("no API operation at " + API + "/interconnects/" + icon + "/default");
    for (String path :
        List.of(
            "/interconnects/" + icon + "/whatever",
            "/interconnects/" + icon + "/status/x",
            "/interconnects/" + icon + "/loa/default/x",
            "/cnis/" + SOME_CNI + "/x",
            "/cnis/" + SOME_CNI + "/status",
            "/slots/" + IAD_SLOT_1 + "/loa",
            "/settings/default",
            "/settings/x/y",
            "/routes")) {
      refused(server.get(API + path), 404, 1007);
      refused(server.call("DELETE", API + path, null), 404, 1007);
    }

    Answer patch = server.call("PATCH", API + "/cnis/" + SOME_CNI, "{}");
    assertThat(refused(patch, 405, 1008))
        .isEqualTo(
            "PATCH is not allowed on "
                + API
                + "/cnis/"
                + SOME_CNI
                + " (allowed: GET, PUT, DELETE)");
    assertThat(patch.header("allow")).isEqualTo("GET, PUT, DELETE");
    assertThat(refused(server.post(API + "/interconnects/" + icon + "/status", "{}"), 405, 1008))
        .startsWith("POST is not allowed");
    assertThat(refused(server.call("DELETE", API + "/settings", null), 405, 1008))
        .endsWith("(allowed: GET, PUT)");
    assertThat(refused(server.call("PUT", API + "/slots/" + IAD_SLOT_1, "{}"), 405, 1008))
        .endsWith("(allowed: GET)");
    assertThat(refused(server.call("PUT", API + "/interconnects/" + icon, "{}"), 405, 1008))
        .endsWith("(allowed: GET, DELETE)");
  }

  @Test
  void listsAtMostTenViolationsAndCountsTheRest() {
    Answer created =
        server.post(
            API + "/interconnects",
            "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
                .formatted(ACCOUNT, IAD_SLOT_1));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String icon = created.json().path("name").asText();
    String before = state();
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      prefixes.add("\"not-a-prefix-" + "x".repeat(1000) + i + "\"");
    }
    String body =
        """
        {"account": "%s", "interconnect": "%s",
         "magic": {"conduit_name": "c", "description": "", "mtu": 1500},
         "bgp": {"customer_asn": 65001, "extra_prefixes": [%s]}}
        """
            .formatted(ACCOUNT, icon, String.join(",", prefixes));
    String message = refused(server.post(API + "/cnis", body), 400, 1001);
    assertThat(message).startsWith("bgp.extra_prefixes[0]: ").endsWith("; and 40 more");
    assertThat(message.split("bgp\\.extra_prefixes\\[")).hasSize(11);
    assertThat(message.length()).as(message).isLessThan(3000);
    assertThat(state()).as("nothing changed").isEqualTo(before);
  }
}
