package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cloudflare CNI surface over real HTTP: bare bodies, {@code {items, next}} lists, Cloudflare's
 * error body with its codes, both auth schemes, slots taken and freed, CNIs from the pool, status
 * from the network, and the LOA as a real PDF.
 */
class CloudflareRestTest {
  private static final String MOW_SLOT_2 = "10c84e76-3ff1-457c-a4d2-afa47485ca2a";
  private static final String MOW_SLOT_3 = "e51b30a9-4cfb-4c47-a3b4-d517213a9ef5";
  private static final String FRA_SLOT_1 = "ff466100-c991-4047-a31f-f0808ecc730c";
  private static final String FRA_SLOT_2 = "d14ad60b-4b32-4aed-9e68-fc607fc0f229";
  private static final String IAD_SLOT_1 = "ab3456ff-be75-4457-b00e-22ee111ba41e";
  private static final String IAD_SLOT_2 = "cc460984-a0e9-4c82-ac14-9bb38adbc288";

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

  private static String cni(String account) {
    return "/client/v4/accounts/" + account + "/cni";
  }

  private static JsonNode direct(String account, String slot) {
    Answer created =
        server.post(
            cni(account) + "/interconnects",
            "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\",\"speed\":\"10G\"}"
                .formatted(account, slot));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    return created.json();
  }

  private static int errorCode(Answer answer) {
    assertThat(answer.json().path("success").asBoolean(true)).isFalse();
    assertThat(answer.json().path("messages").isArray()).isTrue();
    assertThat(answer.json().has("result")).isTrue();
    return answer.json().path("errors").get(0).path("code").asInt();
  }

  private static JsonNode awaitState(String account, String icon, String state) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      JsonNode status = server.get(cni(account) + "/interconnects/" + icon + "/status").json();
      if (status.path("state").asText().equals(state)) {
        return status;
      }
      assertThat(Instant.now()).as("state %s, now %s", state, status).isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void runsTheDirectInterconnectAndCniFlow() {
    String account = "acct-direct";
    JsonNode interconnect = direct(account, IAD_SLOT_1);
    String icon = interconnect.path("name").asText();
    assertThat(interconnect.path("type").asText()).isEqualTo("direct");
    assertThat(interconnect.path("site").asText()).isEqualTo("iad01");
    assertThat(interconnect.path("facility").path("name").asText()).isEqualTo("Ridgetop Campus");
    assertThat(interconnect.path("slot_id").asText()).isEqualTo(IAD_SLOT_1);
    assertThat(interconnect.path("virtual_port_reservation_id").asText()).hasSize(36);
    assertThat(interconnect.has("ccr_device_name")).isTrue();
    assertThat(interconnect.has("result")).as("bare, no envelope").isFalse();

    Answer slot = server.get(cni(account) + "/slots/" + IAD_SLOT_1);
    assertThat(slot.json().path("occupied").asBoolean()).isTrue();
    assertThat(slot.json().path("account").asText()).isEqualTo(account);
    awaitState(account, icon, "Healthy");

    Answer created =
        server.post(
            cni(account) + "/cnis",
            """
            {
              "account": "%s", "interconnect": "%s",
              "magic": {"conduit_name": "cni-iad", "description": "to the edge", "mtu": 1500},
              "bgp": {"customer_asn": 65000, "extra_prefixes": ["10.0.0.0/24"], "md5_key": "abc"},
              "some_future_field": true
            }
            """
                .formatted(account, icon));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    JsonNode cni = created.json();
    String id = cni.path("id").asText();
    assertThat(cni.path("p2p_ip").asText()).endsWith("/31");
    assertThat(cni.path("cust_ip").asText()).endsWith("/31");
    assertThat(cni.path("bgp").path("customer_asn").asLong()).isEqualTo(65000);
    assertThat(cni.path("bgp_mode").asText()).isEqualTo("dynamic_route_exchange");

    assertThat(server.get(cni(account) + "/cnis/" + id).json()).isEqualTo(cni);
    assertThat(server.get(cni(account) + "/cnis?slot=" + IAD_SLOT_1).json().path("items").size())
        .isEqualTo(1);
    assertThat(
            server
                .get(cni(account) + "/cnis?tunnel_id=" + id + "&slot=")
                .json()
                .path("items")
                .size())
        .isEqualTo(1);

    String replaced =
        """
        {"id": "%s", "account": "%s", "cust_ip": "%s", "p2p_ip": "%s", "interconnect": "%s",
         "magic": {"conduit_name": "cni-iad", "description": "changed", "mtu": 1400},
         "bgp_mode": "advertise_only"}
        """
            .formatted(
                id, account, cni.path("cust_ip").asText(), cni.path("p2p_ip").asText(), icon);
    Answer put = server.call("PUT", cni(account) + "/cnis/" + id, replaced);
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertThat(put.json().path("magic").path("mtu").asInt()).isEqualTo(1400);
    assertThat(put.json().has("bgp")).as("a replace without bgp removes the session").isFalse();
    assertThat(put.json().path("bgp_mode").asText()).isEqualTo("advertise_only");

    Answer moved =
        server.call(
            "PUT",
            cni(account) + "/cnis/" + id,
            replaced.replace(cni.path("cust_ip").asText(), "10.9.9.9/31"));
    assertThat(moved.status()).isEqualTo(400);
    assertThat(moved.json().path("errors").get(0).path("message").asText()).contains("cust_ip");

    Answer refused = server.call("DELETE", cni(account) + "/interconnects/" + icon, null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(errorCode(refused)).isEqualTo(1004);

    Answer deleted = server.call("DELETE", cni(account) + "/cnis/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.text()).isEmpty();
    assertThat(server.get(cni(account) + "/cnis/" + id).status()).isEqualTo(404);
    awaitGone(cni(account) + "/interconnects/" + icon);
    assertThat(
            server.get(cni(account) + "/slots/" + IAD_SLOT_1).json().path("occupied").asBoolean())
        .isFalse();
  }

  private static void awaitGone(String path) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (server.call("DELETE", path, null).status() != 200) {
      assertThat(Instant.now()).as("the last CNI is removed from the router").isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(server.get(path).status()).isEqualTo(404);
  }

  @Test
  void runsAGcpPartnerInterconnectWithoutAnLoa() {
    String account = "acct-gcp";
    Answer created =
        server.post(
            cni(account) + "/interconnects",
            "{\"account\":\"%s\",\"type\":\"gcp_partner\",\"bandwidth\":\"1G\",\"pairing_key\":\"pk-abc/us-east4/1\"}"
                .formatted(account));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.json().path("type").asText()).isEqualTo("gcp_partner");
    assertThat(created.json().path("region").asText()).isEqualTo("us-east4");
    assertThat(created.json().path("speed").asText()).isEqualTo("1G");
    String icon = created.json().path("name").asText();
    awaitState(account, icon, "Healthy");
    assertThat(server.get(cni(account) + "/interconnects/" + icon + "/loa").status())
        .isEqualTo(404);
    assertThat(server.get(cni(account) + "/interconnects/" + icon + "/loa/default").status())
        .isEqualTo(404);
    Answer bad =
        server.post(
            cni(account) + "/interconnects",
            "{\"account\":\"%s\",\"type\":\"gcp_partner\",\"bandwidth\":\"3G\",\"pairing_key\":\"k\"}"
                .formatted(account));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("errors").get(0).path("message").asText()).startsWith("bandwidth:");
  }

  @Test
  void writesALetterOfAuthorizationNamingEveryPart() throws Exception {
    String account = "acct-loa";
    String icon = direct(account, FRA_SLOT_1).path("name").asText();
    assertThat(
            server
                .get(cni(account) + "/interconnects/" + icon + "/loa/default")
                .json()
                .path("name")
                .asText())
        .isEqualTo("Account acct-loa");
    HttpResponse<byte[]> pdf =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.base()
                                + cni(account)
                                + "/interconnects/"
                                + icon
                                + "/loa?name=ACME%20Corp"))
                    .header("Authorization", "Bearer " + server.token)
                    .header("Accept", "*/*")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("content-type")).hasValue("application/pdf");
    String text;
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      text = new PDFTextStripper().getText(document);
    }
    assertThat(text)
        .contains("Letter of Authorization")
        .contains("Provider: Junction Example Networks")
        .contains("Customer: ACME Corp")
        .contains("Kleyer Campus")
        .contains("Kleyerstrasse 90")
        .contains("Site: fra01")
        .contains("et-0/0/1")
        .contains(FRA_SLOT_1)
        .contains("Date: " + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    assertThat(
            server
                .get(cni(account) + "/interconnects/" + icon + "/loa?name=" + "x".repeat(201))
                .status())
        .isEqualTo(400);
  }

  @Test
  void showsLinkFaultsInTheStatus() {
    String account = "acct-status";
    String icon = direct(account, FRA_SLOT_2).path("name").asText();
    awaitState(account, icon, "Healthy");
    Answer fault =
        server.post(
            "/admin/v1/network/faults",
            "{\"kind\":\"link\",\"target\":\"et-0/0/2\",\"reason\":\"light below -20 dBm\"}");
    assertThat(fault.status()).isEqualTo(200);
    JsonNode unhealthy = awaitState(account, icon, "Unhealthy");
    assertThat(unhealthy.path("reason").asText()).isEqualTo("light below -20 dBm");
    server.call(
        "DELETE", "/admin/v1/network/faults", "{\"kind\":\"link\",\"target\":\"et-0/0/2\"}");
    awaitState(account, icon, "Healthy");
  }

  @Test
  void letsOneOfTwoConcurrentCreatesTakeASlot() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Answer>> answers = new ArrayList<>();
    for (String account : List.of("acct-race-a", "acct-race-b")) {
      Callable<Answer> create =
          () ->
              server.post(
                  cni(account) + "/interconnects",
                  "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
                      .formatted(account, MOW_SLOT_3));
      answers.add(pool.submit(create));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Answer> answer : answers) {
      statuses.add(answer.get().status());
    }
    pool.shutdown();
    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
  }

  @Test
  void answersErrorsInCloudflaresBody() {
    String account = "acct-errors";
    Answer badSlot =
        server.post(
            cni(account) + "/interconnects",
            "{\"account\":\"%s\",\"slot_id\":\"not-a-uuid\",\"type\":\"direct\"}"
                .formatted(account));
    assertThat(badSlot.status()).isEqualTo(400);
    assertThat(errorCode(badSlot)).isEqualTo(1001);
    Answer unknown = server.get(cni(account) + "/interconnects/nope");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo(1002);
    assertThat(unknown.json().path("errors").get(0).path("message").asText())
        .isEqualTo("Interconnect not found");
    assertThat(server.get(cni(account) + "/cnis/not-a-uuid").status()).isEqualTo(400);
    assertThat(server.get(cni(account) + "/slots/00000000-0000-4000-8000-000000000000").status())
        .isEqualTo(404);
    assertThat(server.post(cni(account) + "/interconnects", "{oops").status()).isEqualTo(400);
    assertThat(errorCode(server.post(cni(account) + "/interconnects", "{oops"))).isEqualTo(1000);
    assertThat(server.get(cni(account) + "/interconnects?limit=-1").status()).isEqualTo(400);
    assertThat(server.get(cni(account) + "/interconnects?type=aws").status()).isEqualTo(400);
    assertThat(server.call("PATCH", cni(account) + "/settings", "{}").status()).isEqualTo(405);
    assertThat(server.get("/client/v4/accounts/" + account + "/magic/other").status())
        .isEqualTo(404);

    String icon = direct(account, MOW_SLOT_2).path("name").asText();
    String body =
        """
        {"account": "%s", "interconnect": "%s",
         "magic": {"conduit_name": "c", "description": "", "mtu": %d},
         "bgp": {"customer_asn": %d, "extra_prefixes": ["%s"], "md5_key": "%s"}}
        """;
    Answer bigAsn =
        server.post(
            cni(account) + "/cnis",
            body.formatted(account, icon, 1500, 4200000001L, "10.0.0.0/24", "k"));
    assertThat(bigAsn.status()).isEqualTo(400);
    assertThat(bigAsn.json().path("errors").get(0).path("message").asText())
        .contains("bgp.customer_asn")
        .contains("32-bit");
    Answer docAsn =
        server.post(
            cni(account) + "/cnis", body.formatted(account, icon, 1500, 64500, "10.0.0.0/24", "k"));
    assertThat(docAsn.json().path("errors").get(0).path("message").asText())
        .contains("bgp.customer_asn")
        .contains("RFC 5398");
    Answer hostBits =
        server.post(
            cni(account) + "/cnis", body.formatted(account, icon, 1500, 65001, "10.0.0.1/24", "k"));
    assertThat(hostBits.json().path("errors").get(0).path("message").asText())
        .contains("bgp.extra_prefixes[0]");
    Answer mtu =
        server.post(
            cni(account) + "/cnis", body.formatted(account, icon, 9000, 65001, "10.0.0.0/24", "k"));
    assertThat(mtu.json().path("errors").get(0).path("message").asText()).contains("magic.mtu");
    Answer key =
        server.post(
            cni(account) + "/cnis",
            body.formatted(account, icon, 1500, 65001, "10.0.0.0/24", "what?"));
    assertThat(key.json().path("errors").get(0).path("message").asText()).contains("bgp.md5_key");
    assertThat(server.get(cni(account) + "/cnis").json().path("items").size())
        .as("nothing was written")
        .isZero();

    Answer taken =
        server.post(
            cni("acct-other") + "/interconnects",
            "{\"account\":\"acct-other\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
                .formatted(MOW_SLOT_2));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.header("x-should-retry")).isEqualTo("false");
    assertThat(errorCode(taken)).isEqualTo(1003);
  }

  @Test
  void acceptsBothAuthSchemesAndAnswers401InCloudflaresBody() throws Exception {
    String settings = cni("acct-auth") + "/settings";
    String globalKey = Files.readString(dataDir.resolve("admin-global-key")).trim();
    Answer byKey =
        server.call(
            "GET",
            settings,
            null,
            "Authorization",
            "",
            "X-Auth-Email",
            "admin@junction.local",
            "X-Auth-Key",
            globalKey);
    assertThat(byKey.status()).isEqualTo(200);
    Answer wrongKey =
        server.call(
            "GET",
            settings,
            null,
            "Authorization",
            "",
            "X-Auth-Email",
            "admin@junction.local",
            "X-Auth-Key",
            "nope");
    assertThat(wrongKey.status()).isEqualTo(401);
    assertThat(errorCode(wrongKey)).isEqualTo(10000);
    assertThat(server.call("GET", settings, null, "Authorization", "").status()).isEqualTo(401);
    Answer both =
        server.call(
            "GET",
            settings,
            null,
            "X-Auth-Email",
            "admin@junction.local",
            "X-Auth-Key",
            "nope",
            "Content-Type",
            "application/json");
    assertThat(both.status()).as("a valid bearer token wins").isEqualTo(200);
  }

  @Test
  void keepsSettingsPerAccount() {
    String settings = cni("acct-settings") + "/settings";
    assertThat(server.get(settings).json().path("default_asn").asLong()).isEqualTo(13335);
    assertThat(server.call("PUT", settings, "{}").json().path("default_asn").asLong())
        .isEqualTo(13335);
    assertThat(
            server
                .call("PUT", settings, "{\n  \"default_asn\": 64600\n}")
                .json()
                .path("default_asn")
                .asLong())
        .isEqualTo(64600);
    assertThat(server.get(settings).json().path("default_asn").asLong()).isEqualTo(64600);
    assertThat(server.get(cni("acct-elsewhere") + "/settings").json().path("default_asn").asLong())
        .isEqualTo(13335);
    assertThat(server.call("PUT", settings, "{\"default_asn\": 70000}").status()).isEqualTo(400);
  }

  @Test
  void pagesSlotsThroughNextAndFilters() {
    String slots = cni("acct-slots") + "/slots";
    JsonNode first = server.get(slots + "?limit=5").json();
    assertThat(first.path("items").size()).isEqualTo(5);
    long next = first.path("next").asLong();
    JsonNode rest = server.get(slots + "?limit=100&cursor=" + next).json();
    assertThat(first.path("items").size() + rest.path("items").size()).isEqualTo(12);
    assertThat(rest.path("next").isNull()).isTrue();
    assertThat(server.get(slots + "?site=iad01&speed=100G").json().path("items").size())
        .isEqualTo(1);
    assertThat(
            server
                .get(slots + "?address_contains=frankfurt&site=&cursor=&limit=0")
                .json()
                .path("items")
                .size())
        .isEqualTo(4);
    assertThat(server.get(slots + "?occupied=maybe").status()).isEqualTo(400);
    assertThat(server.get(slots + "?occupied=true").json().path("items").findValuesAsText("id"))
        .contains("0fb3747c-ec57-4999-a654-0947c84b650e");
    assertThat(server.get(slots + "/" + IAD_SLOT_2).json().path("speed").asText()).isEqualTo("10G");
  }
}
