package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import dev.junction.server.config.AccessSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's access rules over plain HTTP against the real server: signed out means the sign-in
 * page, a form without its CSRF token changes nothing, the operator sees every tenant's resources
 * and the operator-only pages, a tenant sees only its own and is refused the rest, and a revoked
 * token is refused on the next request. Credentials are confirmed on every request here (a cache
 * staleness of zero), so the revocation needs no waiting.
 */
class ConsoleAccessTest {
  private static final String MD5 = "console-md5-secret";
  private static final AtomicInteger TRUNKS = new AtomicInteger();

  @TempDir static Path dataDir;
  private static RunningServer server;
  private static String acmeToken;
  private static String acmeEditor;
  private static String rivalToken;
  private static String acmeConnection;
  private static String rivalConnection;

  @BeforeAll
  static void start() throws IOException {
    server =
        new RunningServer(
            dataDir, config -> config.withAccess(new AccessSettings(Duration.ZERO, 100)));
    String acme = server.tenant("acme", "folder-a");
    String rival = server.tenant("rival", "folder-b");
    acmeEditor = server.principal(acme, "editor", "editor@acme.test", "folder-a", "editor");
    String stranger = server.principal(rival, "stranger", "x@rival.test", "folder-b", "editor");
    acmeToken = server.tokenFor(acmeEditor);
    rivalToken = server.tokenFor(stranger);
    acmeConnection = connection(acmeToken, "folder-a", "acme-pc", 100);
    rivalConnection = connection(rivalToken, "folder-b", "rival-pc", 200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Orders a trunk for {@code folder}, has the operator approve it, and adds a connection. */
  private static String connection(String token, String folder, String name, int vlan) {
    JsonNode approval =
        server.admin("/admin/v1/tickets/" + ticket(token, folder) + ":approve", null);
    String trunk = approval.path("resourceId").asText();
    server.awaitOperation(approval.path("id").asText());
    Answer created =
        server.as(
            token,
            "POST",
            "/cic/v1/privateConnections",
            """
            {"folderId": "%s", "name": "%s", "trunkConnectionId": "%s", "vlanId": "%d",
             "ipv4Peering": {"peeringSubnet": "169.254.%d.0/30", "peerIp": "169.254.%d.1",
                             "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001",
                             "peerBgpMd5Key": "%s"}}
            """
                .formatted(folder, name, trunk, vlan, vlan, vlan, vlan, MD5));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    server.awaitOperation(created.json().path("id").asText());
    return created.json().path("metadata").path("privateConnectionId").asText();
  }

  private static String ticket(String token, String folder) {
    Answer ordered =
        server.as(
            token,
            "POST",
            "/cic/v1/trunkConnectionTickets",
            """
            {"folderId": "%s", "spec": {"name": "trunk-%d", "capacity": "CAPACITY_10_GBPS",
             "pointOfPresenceId": "mow01"}}
            """
                .formatted(folder, TRUNKS.incrementAndGet()));
    assertThat(ordered.status()).as(ordered.text()).isEqualTo(200);
    return ordered.json().path("metadata").path("ticketId").asText();
  }

  @Test
  void signedOutPagesRedirectToTheSignInPage() {
    Browser browser = new Browser();
    for (String page :
        List.of("/console", "/console/resources", "/console/routers", "/console/audit")) {
      HttpResponse<String> answer = browser.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(303);
      assertThat(answer.headers().firstValue("location")).as(page).hasValue("/console/sign-in");
    }
    // A page refreshing itself is told it is signed out, and reloads.
    assertThat(
            browser.send("GET", "/console/resources", null, "x-console-fragment", "1").statusCode())
        .isEqualTo(401);
    HttpResponse<String> signIn = browser.get("/console/sign-in");
    assertThat(signIn.statusCode()).isEqualTo(200);
    assertThat(signIn.body()).contains("name=\"token\"", "name=\"csrf\"");
  }

  @Test
  void signInWithoutTheFormsCsrfTokenIsRefused() {
    Browser browser = new Browser();
    browser.get("/console/sign-in");
    HttpResponse<String> refused =
        browser.post("/console/sign-in", Map.of("token", server.operatorToken()), false);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("csrf:").doesNotContain(server.operatorToken());
    assertThat(browser.cookies).doesNotContainKey(ConsoleSession.TOKEN_COOKIE);
    assertThat(browser.get("/console/resources").statusCode()).isEqualTo(303);
  }

  @Test
  void anInvalidTokenIsRefusedNamingTheField() {
    Browser browser = new Browser();
    browser.get("/console/sign-in");
    HttpResponse<String> refused =
        browser.post("/console/sign-in", Map.of("token", "jct_not-a-real-token"), true);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body())
        .contains("token: is not a valid API token")
        .doesNotContain("jct_not-a-real-token");
    assertThat(browser.cookies).doesNotContainKey(ConsoleSession.TOKEN_COOKIE);
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndScopedToTheConsole() {
    Browser browser = new Browser();
    browser.get("/console/sign-in");
    HttpResponse<String> signedIn =
        browser.post("/console/sign-in", Map.of("token", server.operatorToken()), true);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().allValues("set-cookie"))
        .filteredOn(c -> c.startsWith(ConsoleSession.TOKEN_COOKIE + "="))
        .singleElement()
        .satisfies(
            cookie ->
                assertThat(cookie)
                    .containsIgnoringCase("; HttpOnly")
                    .contains("; SameSite=Strict", "; Path=/console"));
  }

  @Test
  void theOperatorSeesEveryTenantAndTheOperatorPages() {
    Browser operator = Browser.signedIn(server.operatorToken());
    HttpResponse<String> resources = operator.get("/console/resources");
    assertThat(resources.statusCode()).isEqualTo(200);
    assertThat(resources.body())
        .contains(acmeConnection, rivalConnection, "folder-a", "folder-b")
        .doesNotContain(MD5)
        .doesNotContain(server.operatorToken());
    for (String page :
        List.of("/console/routers", "/console/tickets", "/console/audit", "/console/operations")) {
      HttpResponse<String> answer = operator.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(200);
      assertThat(answer.body()).as(page).doesNotContain(server.operatorToken(), MD5);
    }
    HttpResponse<String> routers = operator.get("/console/routers");
    Matcher router = Pattern.compile("href=\"/console/routers/([^\"]+)\"").matcher(routers.body());
    assertThat(router.find()).as(routers.body()).isTrue();
    HttpResponse<String> one = operator.get("/console/routers/" + router.group(1));
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body())
        .contains("Trunks and sessions", "Plan: pending changes")
        .doesNotContain(MD5);
  }

  @Test
  void aTenantSeesOnlyItsOwnAndIsRefusedTheOperatorPages() {
    Browser acme = Browser.signedIn(acmeToken);
    HttpResponse<String> resources = acme.get("/console/resources");
    assertThat(resources.statusCode()).isEqualTo(200);
    assertThat(resources.body())
        .contains(acmeConnection, "folder-a")
        .doesNotContain(rivalConnection, "folder-b", "rival", MD5);
    assertThat(acme.get("/console/operations").body()).doesNotContain("folder-b");
    for (String page :
        List.of("/console/routers", "/console/routers/r1", "/console/tickets", "/console/audit")) {
      HttpResponse<String> refused = acme.get(page);
      assertThat(refused.statusCode()).as(page).isEqualTo(403);
      assertThat(refused.body()).as(page).contains("Not allowed");
    }
  }

  @Test
  void approvingNeedsTheCsrfTokenAndTheOperator() throws InterruptedException {
    String ticket = ticket(acmeToken, "folder-a");
    Browser acme = Browser.signedIn(acmeToken);
    assertThat(acme.post("/console/tickets/" + ticket + "/approve", Map.of(), true).statusCode())
        .isEqualTo(403);
    Browser operator = Browser.signedIn(server.operatorToken());
    HttpResponse<String> forged =
        operator.post("/console/tickets/" + ticket + "/approve", Map.of(), false);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(status(ticket)).isEqualTo("PENDING_SUPPORT");
    assertThat(operator.get("/console/tickets").body()).contains(ticket, "Approve", "Reject");

    HttpResponse<String> approved =
        operator.post("/console/tickets/" + ticket + "/approve", Map.of(), true);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(303);
    assertThat(approved.headers().firstValue("location").orElseThrow())
        .startsWith("/console/tickets?done=");
    assertThat(status(ticket)).isEqualTo("APPROVED");
    assertThat(operator.get(approved.headers().firstValue("location").orElseThrow()).body())
        .contains("Approved ticket " + ticket);
    // The audit log is written once each answer is sent: wait for both of the operator's.
    List<String> outcomes = List.of();
    for (int i = 0; i < 100 && outcomes.size() < 2; i++) {
      outcomes = approvals(ticket);
      if (outcomes.size() < 2) {
        Thread.sleep(50);
      }
    }
    assertThat(outcomes).contains("ok").anyMatch(outcome -> outcome.startsWith("denied"));
  }

  /** Returns the outcomes of the operator's requests to approve {@code ticket}. */
  private static List<String> approvals(String ticket) {
    List<String> outcomes = new ArrayList<>();
    for (JsonNode event : server.get("/admin/v1/audit?principal=operator").json().path("events")) {
      if (event.path("action").asText().equals("POST /console/tickets/" + ticket + "/approve")) {
        outcomes.add(event.path("outcome").asText());
      }
    }
    return outcomes;
  }

  private static String status(String ticket) {
    for (JsonNode each : server.get("/admin/v1/tickets?folderId=folder-a").json().path("tickets")) {
      if (each.path("id").asText().equals(ticket)) {
        return each.path("status").asText();
      }
    }
    throw new AssertionError("no ticket " + ticket);
  }

  @Test
  void theOperationsPageShowsAFailedOperationToItsTenantAndTheOperatorOnly() {
    String refusal = "{\"kind\": \"refusal\", \"target\": \"edge-mow01-a\"}";
    server.admin("/admin/v1/network/faults", refusal);
    String failed;
    try {
      String trunk =
          server
              .as(rivalToken, "GET", "/cic/v1/privateConnections/" + rivalConnection, null)
              .json()
              .path("trunkConnectionId")
              .asText();
      Answer created =
          server.as(
              rivalToken,
              "POST",
              "/cic/v1/privateConnections",
              """
              {"folderId": "folder-b", "name": "refused-pc", "trunkConnectionId": "%s",
               "vlanId": "210", "ipv4Peering": {"peeringSubnet": "169.254.210.0/30",
               "peerIp": "169.254.210.1", "cloudIp": "169.254.210.2", "peerBgpAsn": "65001"}}
              """
                  .formatted(trunk));
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      failed = created.json().path("id").asText();
      assertThat(server.awaitOperation(failed).path("error").path("message").asText())
          .contains("refused");
    } finally {
      assertThat(server.call("DELETE", "/admin/v1/network/faults", refusal).status())
          .isEqualTo(200);
    }
    assertThat(Browser.signedIn(server.operatorToken()).get("/console/operations").body())
        .contains(failed, "the router refused the change");
    assertThat(Browser.signedIn(rivalToken).get("/console/operations").body()).contains(failed);
    assertThat(Browser.signedIn(acmeToken).get("/console/operations").body())
        .doesNotContain(failed);
  }

  @Test
  void aRevokedTokenIsSignedOut() {
    String secret = server.tokenFor(acmeEditor);
    Browser browser = Browser.signedIn(secret);
    assertThat(browser.get("/console/resources").statusCode()).isEqualTo(200);
    JsonNode tokens =
        server.get("/admin/v1/tokens?principalId=" + acmeEditor).json().path("tokens");
    String id = tokens.get(tokens.size() - 1).path("id").asText();
    server.admin("/admin/v1/tokens/" + id + ":revoke", null);
    HttpResponse<String> after = browser.get("/console/resources");
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("location")).hasValue("/console/sign-in");
    assertThat(browser.cookies).doesNotContainKey(ConsoleSession.TOKEN_COOKIE);
  }

  @Test
  void everyValueIsEscapedAndBadFiltersNameTheirField() {
    Browser operator = Browser.signedIn(server.operatorToken());
    HttpResponse<String> escaped =
        operator.get("/console/audit?principal=" + encode("<script>alert(1)</script>"));
    assertThat(escaped.statusCode()).isEqualTo(200);
    assertThat(escaped.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
    HttpResponse<String> since = operator.get("/console/audit?since=yesterday");
    assertThat(since.statusCode()).isEqualTo(400);
    assertThat(since.body()).contains("since: must be an RFC 3339 time");
    HttpResponse<String> unknown = operator.get("/console/resources?page=2");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("page: is not a parameter of this page");
    assertThat(operator.send("DELETE", "/console/resources", null).statusCode()).isEqualTo(405);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A browser's part that matters here: cookies kept per name, no redirects followed. */
  static final class Browser {
    private final HttpClient http = HttpClient.newHttpClient();
    final Map<String, String> cookies = new LinkedHashMap<>();

    static Browser signedIn(String token) {
      Browser browser = new Browser();
      browser.get("/console/sign-in");
      HttpResponse<String> answer = browser.post("/console/sign-in", Map.of("token", token), true);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
      return browser;
    }

    HttpResponse<String> get(String path) {
      return send("GET", path, null);
    }

    /** POSTs a form, with the CSRF cookie's value as the form's field if {@code csrf}. */
    HttpResponse<String> post(String path, Map<String, String> fields, boolean csrf) {
      StringBuilder form = new StringBuilder();
      Map<String, String> all = new LinkedHashMap<>(fields);
      if (csrf) {
        all.put("csrf", cookies.getOrDefault(ConsoleSession.CSRF_COOKIE, ""));
      }
      all.forEach(
          (name, value) ->
              form.append(form.isEmpty() ? "" : "&")
                  .append(encode(name))
                  .append('=')
                  .append(encode(value)));
      return send(
          "POST", path, form.toString(), "content-type", "application/x-www-form-urlencoded");
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(server.base() + path))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      if (!cookies.isEmpty()) {
        StringBuilder cookie = new StringBuilder();
        cookies.forEach(
            (name, value) ->
                cookie.append(cookie.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        request.header("cookie", cookie.toString());
      }
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : response.headers().allValues("set-cookie")) {
          String pair = set.split(";", 2)[0];
          String name = pair.substring(0, pair.indexOf('='));
          String value = pair.substring(pair.indexOf('=') + 1);
          if (value.isEmpty() || set.contains("Max-Age=0")) {
            cookies.remove(name);
          } else {
            cookies.put(name, value);
          }
        }
        return response;
      } catch (IOException e) {
        throw new AssertionError("request failed: " + method + " " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
