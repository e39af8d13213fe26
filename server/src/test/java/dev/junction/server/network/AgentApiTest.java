package dev.junction.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent API over real HTTP, on a server whose router {@code edge-mow01-a} is driven by a {@code
 * junction agent}: who may call it, how registrations fence each other, the long-poll for changes,
 * and what bad input gets.
 */
class AgentApiTest {
  private static final String ROUTER = "edge-mow01-a";
  private static final String AGENT = "/agent/v1/routers/" + ROUTER;
  private static final String INFO =
      "{\"driver\":\"simulated\",\"version\":\"test\",\"host\":\"here\",\"settings\":{}}";

  @TempDir static Path dataDir;
  private static RunningServer server;
  private static String secret;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, RunningServer.agentDriven(ROUTER, Duration.ofSeconds(30)));
    secret = issue(ROUTER).path("secret").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode issue(String router) {
    return server.admin("/admin/v1/routers/" + router + "/credentials", "{\"name\":\"test\"}");
  }

  private static Answer agent(String secret, String method, String path, String body) {
    return server.as(secret, method, path, body);
  }

  private static String report(String router, long epoch, long seq) {
    return """
        {"routerId": "%s", "epoch": %d, "seq": %d, "appliedSeq": 0, "headerHash": "",
         "agent": %s, "subjects": [], "events": []}
        """
        .formatted(router, epoch, seq, INFO);
  }

  private static long register(String secret) {
    Answer registered = agent(secret, "POST", AGENT + "/register", INFO);
    assertThat(registered.status()).as(registered.text()).isEqualTo(200);
    return registered.json().path("epoch").asLong();
  }

  @Test
  void refusesEveryCredentialButTheRoutersOwn() {
    Answer own = agent(secret, "GET", AGENT + "/snapshot", null);
    assertThat(own.status()).as(own.text()).isEqualTo(200);
    assertThat(own.json().path("routerId").asText()).isEqualTo(ROUTER);
    assertThat(own.json().path("header").path("router").path("id").asText()).isEqualTo(ROUTER);

    Answer none = server.anonymous("GET", AGENT + "/snapshot", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(server.get(AGENT + "/snapshot").status())
        .as("the operator's token is not an agent credential")
        .isEqualTo(401);
    assertThat(agent(secret + "x", "GET", AGENT + "/snapshot", null).status()).isEqualTo(401);

    String tenant = server.tenant("agent-api-tenant", "agent-api-folder");
    String user = server.principal(tenant, "u", "u@agent.test", "agent-api-folder", "editor");
    assertThat(agent(server.tokenFor(user), "GET", AGENT + "/snapshot", null).status())
        .isEqualTo(401);

    String other = issue("edge-fra01-a").path("secret").asText();
    Answer elsewhere = agent(other, "GET", AGENT + "/snapshot", null);
    Answer missing = agent(other, "GET", "/agent/v1/routers/edge-nowhere/snapshot", null);
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(elsewhere.json().path("code")).isEqualTo(missing.json().path("code"));
    assertThat(elsewhere.json().path("message").asText())
        .isEqualTo("router " + ROUTER + " not found");
    assertThat(missing.json().path("message").asText()).isEqualTo("router edge-nowhere not found");

    JsonNode revocable = issue(ROUTER);
    String revocableSecret = revocable.path("secret").asText();
    assertThat(agent(revocableSecret, "GET", AGENT + "/snapshot", null).status()).isEqualTo(200);
    Answer revoked =
        server.call(
            "DELETE",
            "/admin/v1/agentCredentials/" + revocable.path("credential").path("id").asText(),
            null);
    assertThat(revoked.json().path("revoked").asBoolean()).isTrue();
    assertThat(agent(revocableSecret, "GET", AGENT + "/snapshot", null).status()).isEqualTo(401);
  }

  @Test
  void refusesTheReportsOfAnAgentTakenOver() {
    long first = register(secret);
    assertThat(agent(secret, "POST", AGENT + "/report", report(ROUTER, first, 1)).status())
        .isEqualTo(200);
    String newer = issue(ROUTER).path("secret").asText();
    long second = register(newer);
    assertThat(second).isGreaterThan(first);

    Answer late = agent(secret, "POST", AGENT + "/report", report(ROUTER, first, 2));
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().path("code").asText()).isEqualTo("NOT_OWNER");
    assertThat(agent(newer, "POST", AGENT + "/report", report(ROUTER, second, 1)).status())
        .isEqualTo(200);
    JsonNode router = server.get("/admin/v1/routers/" + ROUTER).json();
    assertThat(router.path("epoch").asLong()).isEqualTo(second);
    assertThat(router.path("events").findValuesAsText("kind")).contains("OWNER_CHANGED");
  }

  @Test
  void answersAWaitingRequestForChangesWhenTheRouterChanges() throws Exception {
    long seq = agent(secret, "GET", AGENT + "/snapshot", null).json().path("seq").asLong();
    Answer quiet = agent(secret, "GET", AGENT + "/changes?since=" + seq + "&wait=200ms", null);
    assertThat(quiet.status()).as(quiet.text()).isEqualTo(200);

    Instant asked = Instant.now();
    long since = quiet.json().path("seq").asLong();
    CompletableFuture<Answer> waiting =
        CompletableFuture.supplyAsync(
            () -> agent(secret, "GET", AGENT + "/changes?since=" + since + "&wait=20s", null));
    // Lets the request reach the server first; nothing below depends on how long this takes.
    Thread.sleep(300);
    Answer created =
        server.post(
            "/cic/v1/privateConnections",
            """
            {"folderId": "poll-folder", "name": "poll", "trunkConnectionId": "cftdemotrunk00000001",
             "vlanId": "610", "ipv4Peering": {"peeringSubnet": "169.254.61.0/30",
             "peerIp": "169.254.61.1", "cloudIp": "169.254.61.2", "peerBgpAsn": "65001"}}
            """);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String id = created.json().path("metadata").path("privateConnectionId").asText();

    Answer changes = waiting.get();
    assertThat(Duration.between(asked, Instant.now()))
        .as("the request returned before its wait was over")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(changes.status()).as(changes.text()).isEqualTo(200);
    assertThat(changes.json().path("seq").asLong()).isGreaterThan(since);
    assertThat(changes.json().path("changed").findValuesAsText("attachmentId")).contains(id);
  }

  @Test
  void refusesARegistrationForARouterTheServerDrives() {
    String fra = issue("edge-fra01-a").path("secret").asText();
    Answer refused = agent(fra, "POST", "/agent/v1/routers/edge-fra01-a/register", INFO);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("code").asText()).isEqualTo("FAILED_PRECONDITION");
    assertThat(refused.json().path("message").asText()).contains("driver", "agent");
  }

  @Test
  void namesTheFieldOfBadInputAndNeverFails() {
    long epoch = register(secret);
    String[][] cases = {
      {"POST", "/register", "{\"driver\": ", "the body is not valid JSON"},
      {"POST", "/register", "[]", "the body must be a JSON object"},
      {"POST", "/register", "{\"driver\": 5}", "driver: must be a string"},
      {"POST", "/register", "{\"driver\":\"d\",\"version\":\"v\"}", "host: is required"},
      {"POST", "/report", "{\"routerId\": \"" + ROUTER + "\", \"epoch\": \"x\"}", "epoch:"},
      {"POST", "/report", report("edge-fra01-a", epoch, 9), "routerId: must be the router"},
      {
        "POST",
        "/report",
        report(ROUTER, epoch, 9).replace("\"subjects\": []", "\"subjects\": [{\"subjectId\": 1}]"),
        "subjects[0].subjectId: must be a string"
      },
      {"GET", "/snapshot?limit=abc", null, "limit:"},
      {"GET", "/snapshot?limit=0", null, "limit: must be 1-1000"},
      {"GET", "/snapshot?limit=5000", null, "limit: must be 1-1000"},
      {"GET", "/changes", null, "since: is required"},
      {"GET", "/changes?since=-1", null, "since:"},
      {"GET", "/changes?since=99999999999999999999", null, "since:"},
      {"GET", "/changes?since=0&wait=forever", null, "wait:"},
    };
    for (String[] c : cases) {
      Answer answer = agent(secret, c[0], AGENT + c[1], c[2]);
      assertThat(answer.status()).as(c[1] + " " + c[2] + ": " + answer.text()).isEqualTo(400);
      assertThat(answer.json().path("message").asText()).as(c[1]).contains(c[3]);
    }
    Answer wrongMethod = agent(secret, "GET", AGENT + "/register", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    Answer unknown = agent(secret, "GET", AGENT + "/everything", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("code").asText()).isEqualTo("NOT_FOUND");
  }
}
