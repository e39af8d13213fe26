package dev.junction.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.Junction;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code junction admin routers} and {@code faults} against a running server whose router {@code
 * edge-mow01-a} is driven by a {@code junction agent} that is not running: its status, its plan
 * (what the agent would do when it comes back, keys masked), and its agent credentials.
 */
class RouterCommandsTest {
  private static final String ROUTER = "edge-mow01-a";
  private static final String KEY = "cliPlanMd5Secret-81";

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, RunningServer.agentDriven(ROUTER, Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Runs {@code junction admin ARGS}; returns its exit code and what it printed, as JSON. */
  private static Printed admin(String... args) throws Exception {
    String[] full = new String[args.length + 3];
    full[0] = "admin";
    full[1] = "--data-dir";
    full[2] = dataDir.toString();
    System.arraycopy(args, 0, full, 3, args.length);
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new Junction()).execute(full);
    } finally {
      System.setOut(original);
    }
    // The server logs to the same standard output in this JVM: its lines are left out.
    String output =
        printed
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
            .collect(Collectors.joining("\n"));
    return new Printed(exit, output, RunningServer.JSON.readTree(output));
  }

  private record Printed(int exit, String text, JsonNode json) {}

  private static JsonNode ok(String... args) throws Exception {
    Printed printed = admin(args);
    assertThat(printed.exit()).as(String.join(" ", args) + ": " + printed.text()).isZero();
    return printed.json();
  }

  @Test
  void issuesListsAndRevokesAgentCredentials() throws Exception {
    Path file = dataDir.resolve("edge-credential");
    JsonNode issued =
        ok("routers", "credentials", "issue", ROUTER, "--name", "host-a", "--out", file.toString());
    String id = issued.path("credential").path("id").asText();
    assertThat(issued.has("secret")).isFalse();
    assertThat(issued.path("credential").path("name").asText()).isEqualTo("host-a");
    String secret = Files.readString(file).trim();
    assertThat(secret).startsWith("jra_");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(admin("routers", "credentials", "issue", ROUTER, "--out", file.toString()).exit())
        .as("an existing file is never overwritten")
        .isEqualTo(1);

    JsonNode printed = ok("routers", "credentials", "issue", "edge-fra01-a");
    assertThat(printed.path("secret").asText()).startsWith("jra_");

    JsonNode mine = ok("routers", "credentials", "list", ROUTER);
    assertThat(mine.path("credentials").findValuesAsText("id")).contains(id);
    assertThat(mine.path("credentials").findValuesAsText("routerId")).containsOnly(ROUTER);
    JsonNode all = ok("routers", "credentials", "list");
    assertThat(all.path("credentials").findValuesAsText("routerId"))
        .contains(ROUTER, "edge-fra01-a");
    assertThat(all.toString()).doesNotContain(secret).doesNotContain("jra_");

    assertThat(server.as(secret, "GET", "/agent/v1/routers/" + ROUTER + "/snapshot", null).status())
        .isEqualTo(200);
    assertThat(ok("routers", "credentials", "revoke", id).path("revoked").asBoolean()).isTrue();
    assertThat(server.as(secret, "GET", "/agent/v1/routers/" + ROUTER + "/snapshot", null).status())
        .isEqualTo(401);
    assertThat(admin("routers", "credentials", "revoke", "jra-none").exit()).isEqualTo(1);
  }

  @Test
  void showsWhatTheAgentWouldChangeWithTheKeyMasked() throws Exception {
    // An agent reported once, so the server knows the router's driver, and went away.
    String secret = ok("routers", "credentials", "issue", ROUTER).path("secret").asText();
    String info = "{\"driver\":\"simulated\",\"version\":\"t\",\"host\":\"h\",\"settings\":{}}";
    Answer registered =
        server.as(secret, "POST", "/agent/v1/routers/" + ROUTER + "/register", info);
    long epoch = registered.json().path("epoch").asLong();
    Answer reported =
        server.as(
            secret,
            "POST",
            "/agent/v1/routers/" + ROUTER + "/report",
            "{\"routerId\":\"%s\",\"epoch\":%d,\"seq\":1,\"appliedSeq\":0,\"headerHash\":\"\",\"agent\":%s}"
                .formatted(ROUTER, epoch, info));
    assertThat(reported.status()).as(reported.text()).isEqualTo(200);

    Answer created =
        server.post(
            "/cic/v1/privateConnections",
            """
            {"folderId": "cli-plan", "name": "planned", "trunkConnectionId": "cftdemotrunk00000001",
             "vlanId": "720", "ipv4Peering": {"peeringSubnet": "169.254.72.0/30",
             "peerIp": "169.254.72.1", "cloudIp": "169.254.72.2", "peerBgpAsn": "65001",
             "peerBgpMd5Key": "%s"}}
            """
                .formatted(KEY));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String id = created.json().path("metadata").path("privateConnectionId").asText();

    Printed plan = admin("routers", "plan", ROUTER, "--page-size", "1");
    assertThat(plan.exit()).as(plan.text()).isZero();
    assertThat(plan.text()).doesNotContain(KEY).contains("********");
    assertThat(plan.json().path("driver").asText()).isEqualTo("simulated");
    JsonNode step = null;
    for (JsonNode each : plan.json().path("steps")) {
      if (each.path("subject").asText().equals(id)) {
        step = each;
      }
    }
    assertThat(step).as(plan.text()).isNotNull();
    assertThat(step.path("action").asText()).isEqualTo("add");
    assertThat(step.path("artifacts").get(0).path("content").asText()).contains("vlan 720");
    assertThat(plan.json().path("summary").path("add").asInt()).isPositive();
    assertThat(plan.json().has("header")).as("the agent reported no header").isTrue();

    JsonNode shown = ok("routers", "show", ROUTER, "--page-size", "1");
    assertThat(shown.path("router").asText()).isEqualTo(ROUTER);
    assertThat(shown.path("agent").path("driver").asText()).isEqualTo("simulated");
    String token = shown.path("nextPageToken").asText();
    assertThat(token).isNotEmpty().doesNotContain("cpc");
    ok("routers", "show", ROUTER, "--page-token", token);
    assertThat(admin("routers", "show", ROUTER, "--page-token", "not-ours").exit()).isEqualTo(1);

    JsonNode routers = ok("routers", "list");
    assertThat(routers.path("routers").findValuesAsText("router"))
        .contains(ROUTER, "edge-fra01-a", "edge-iad01-a");
    assertThat(ok("observe", id).path("id").asText()).isEqualTo(id);
  }

  @Test
  void listsInjectsAndClearsFaultsOfOneRouter() throws Exception {
    JsonNode injected =
        ok(
            "faults",
            "inject",
            "--kind",
            "link",
            "--target",
            "et-0/0/2",
            "--router",
            "edge-fra01-a",
            "--reason",
            "no light");
    assertThat(injected.path("faults").findValuesAsText("router")).containsExactly("edge-fra01-a");
    assertThat(
            ok("faults", "list", "--router", "edge-fra01-a")
                .path("faults")
                .findValuesAsText("target"))
        .contains("et-0-0-2");
    assertThat(ok("faults", "list", "--router", ROUTER).path("faults")).isEmpty();
    assertThat(
            ok(
                    "faults",
                    "clear",
                    "--kind",
                    "link",
                    "--target",
                    "et-0/0/2",
                    "--router",
                    "edge-fra01-a")
                .path("faults"))
        .isNotEmpty();
    assertThat(ok("faults", "list").path("faults").findValuesAsText("target"))
        .doesNotContain("et-0-0-2");
  }

  @Test
  void answersBadInputWithTheFieldNeverAFailure() {
    String[][] cases = {
      {"GET", "/admin/v1/routers/" + ROUTER + "?pageSize=-1", null, "pageSize"},
      {"GET", "/admin/v1/routers/" + ROUTER + "?pageSize=ten", null, "pageSize"},
      {"GET", "/admin/v1/routers/" + ROUTER + ":plan?pageToken=%25%25", null, "pageToken"},
      {"POST", "/admin/v1/routers/" + ROUTER + "/credentials", "{\"name\": 5}", "name"},
      {
        "POST",
        "/admin/v1/routers/" + ROUTER + "/credentials",
        "{\"name\": \"" + "n".repeat(101) + "\"}",
        "name"
      },
      {"POST", "/admin/v1/routers/" + ROUTER + "/credentials", "{\"name\": ", "JSON"},
    };
    for (String[] c : cases) {
      Answer answer = server.call(c[0], c[1], c[2]);
      assertThat(answer.status()).as(c[1] + ": " + answer.text()).isEqualTo(400);
      assertThat(answer.json().path("message").asText()).as(c[1]).contains(c[3]);
    }
    assertThat(server.post("/admin/v1/routers/edge-nowhere/credentials", "{}").status())
        .isEqualTo(404);
    assertThat(server.get("/admin/v1/routers/edge-nowhere").status()).isEqualTo(404);
    assertThat(server.get("/admin/v1/routers/edge-nowhere:plan").status()).isEqualTo(404);
    assertThat(server.get("/admin/v1/routers/edge-nowhere/credentials").status()).isEqualTo(404);
    assertThat(server.call("DELETE", "/admin/v1/agentCredentials/jra-none", null).status())
        .isEqualTo(404);
  }
}
