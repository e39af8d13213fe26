package dev.junction.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.network.AgentInfo;
import dev.junction.network.agent.AgentSettings;
import dev.junction.network.agent.RouterAgent;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.network.simulated.SimulatedRouter;
import dev.junction.network.simulated.SimulatedTimings;
import dev.junction.server.LogCapture;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A router driven from outside the server, as by {@code junction agent} on the router's host: a
 * {@link RouterAgent} over {@link HttpRouterFeed} with a simulated router, against a real server
 * whose router {@code edge-mow01-a} has the {@code agent} driver. Connections come up through it;
 * when it stops, what it reported turns unknown; a change made meanwhile shows in the router's plan
 * and is applied by the next agent. Nothing secret reaches the log.
 */
class RemoteAgentTest {
  private static final String ROUTER = "edge-mow01-a";
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String MOW_SLOT_2 = "10c84e76-3ff1-457c-a4d2-afa47485ca2a";
  private static final Duration SILENCE = Duration.ofSeconds(2);
  private static final String KEY = "remoteMd5Secret-5d2e";
  private static final AgentSettings PACE =
      new AgentSettings(
          500,
          Duration.ofMillis(50),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofMillis(300),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1));

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, RunningServer.agentDriven(ROUTER, SILENCE));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An agent on its own thread, with a simulated router that starts empty, as after a reboot. */
  private static final class RemoteAgent implements AutoCloseable {
    private final SimulatedRouter router;
    private final RouterAgent agent;
    private final Thread thread;

    RemoteAgent(String secret) {
      router =
          new SimulatedNetwork(
                  InstantSource.system(),
                  new SimulatedTimings(
                      Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(100)))
              .router(ROUTER);
      agent =
          new RouterAgent(
              ROUTER,
              new HttpRouterFeed(URI.create(server.base()), secret),
              router,
              PACE,
              InstantSource.system(),
              new AgentInfo(router.kind(), "test", "test-host", router.settings()));
      thread = Thread.ofPlatform().name("remote-agent").daemon().start(agent);
    }

    @Override
    public void close() throws InterruptedException {
      agent.close();
      assertThat(thread.join(Duration.ofSeconds(10))).as("the agent stopped").isTrue();
      router.close();
    }
  }

  private static String issue(String name) {
    return server
        .admin("/admin/v1/routers/" + ROUTER + "/credentials", "{\"name\":\"" + name + "\"}")
        .path("secret")
        .asText();
  }

  /** Reads {@code path} until {@code done} holds of its answer, and returns that answer. */
  private static JsonNode await(String path, Predicate<JsonNode> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      Answer answer = server.get(path);
      assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
      if (done.test(answer.json())) {
        return answer.json();
      }
      assertThat(Instant.now()).as("%s: %s", path, answer.text()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String connection(String name, int vlan, int octet, String key) {
    return """
        {"folderId": "remote-folder", "name": "%s", "trunkConnectionId": "%s", "vlanId": "%d",
         "ipv4Peering": {"peeringSubnet": "169.254.%d.0/30", "peerIp": "169.254.%d.1",
         "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001", "peerBgpMd5Key": "%s"}}
        """
        .formatted(name, TRUNK, vlan, octet, octet, octet, key);
  }

  @Test
  void drivesARouterFromOutsideAndConvergesItAfterAnOutage() throws Exception {
    String secret;
    String log;
    try (LogCapture capture = LogCapture.atDebug()) {
      secret = issue("host-a");
      RemoteAgent first = new RemoteAgent(secret);

      Answer created =
          server.post("/cic/v1/privateConnections", connection("remote", 700, 70, KEY));
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      String id = created.json().path("metadata").path("privateConnectionId").asText();
      JsonNode done = server.awaitOperation(created.json().path("id").asText());
      assertThat(done.has("error")).as(done.toString()).isFalse();
      assertThat(server.get("/cic/v1/privateConnections/" + id).json().path("status").asText())
          .isEqualTo("ACTIVE");
      JsonNode up =
          await(
              "/junction/v1/network/" + id,
              n -> n.path("bgp").path("state").asText().equals("Established"));
      assertThat(up.path("bgp").path("prefixesReceived").asLong()).isPositive();
      assertThat(up.path("bgp").has("prefixesAdvertised")).isTrue();
      assertThat(up.path("link").path("state").asText()).isEqualTo("Up");
      assertThat(up.path("router").path("silent").asBoolean()).isFalse();

      String account = "/client/v4/accounts/acct-remote/cni";
      Answer icon =
          server.post(
              account + "/interconnects",
              "{\"account\":\"acct-remote\",\"slot_id\":\""
                  + MOW_SLOT_2
                  + "\",\"type\":\"direct\"}");
      assertThat(icon.status()).as(icon.text()).isEqualTo(200);
      String status = account + "/interconnects/" + icon.json().path("name").asText() + "/status";
      await(status, n -> n.path("state").asText().equals("Healthy"));

      first.close();
      JsonNode unknown =
          await(
              "/junction/v1/network/" + id,
              n -> n.path("bgp").path("state").asText().equals("Unknown"));
      assertThat(unknown.path("router").path("silent").asBoolean()).isTrue();
      assertThat(unknown.path("conditions").findValuesAsText("status")).containsOnly("UNKNOWN");
      JsonNode unhealthy = await(status, n -> n.path("state").asText().equals("Unhealthy"));
      assertThat(unhealthy.path("reason").asText()).contains(ROUTER);

      Answer upsert =
          server.post(
              "/cic/v1/privateConnections/" + id + ":upsertStaticRoutes",
              "{\"ipv4StaticRoutes\": [{\"prefix\": \"10.71.0.0/16\"}, {\"prefix\": \"10.72.0.0/16\"}]}");
      assertThat(upsert.status()).as(upsert.text()).isEqualTo(200);
      JsonNode plan = server.get("/admin/v1/routers/" + ROUTER + ":plan").json();
      assertThat(plan.path("driver").asText()).isEqualTo("simulated");
      JsonNode step = null;
      for (JsonNode each : plan.path("steps")) {
        if (each.path("subject").asText().equals(id)) {
          step = each;
        }
      }
      assertThat(step).as(plan.toString()).isNotNull();
      assertThat(step.path("action").asText()).isEqualTo("change");
      assertThat(plan.toString()).doesNotContain(KEY).contains("********").contains("10.72.0.0/16");

      try (RemoteAgent second = new RemoteAgent(issue("host-b"))) {
        JsonNode applied = server.awaitOperation(upsert.json().path("id").asText());
        assertThat(applied.has("error")).as(applied.toString()).isFalse();
        JsonNode again =
            await(
                "/junction/v1/network/" + id,
                n ->
                    n.path("bgp").path("state").asText().equals("Established")
                        && n.path("bgp").path("prefixesReceived").asLong() == 2);
        assertThat(again.path("router").path("silent").asBoolean()).isFalse();
        await(status, n -> n.path("state").asText().equals("Healthy"));
        JsonNode router = server.get("/admin/v1/routers/" + ROUTER).json();
        assertThat(router.path("owner").asText()).startsWith("agent:jra");
        assertThat(router.path("agent").path("host").asText()).isEqualTo("test-host");
        assertThat(router.path("events").findValuesAsText("kind")).contains("OWNER_CHANGED");
        assertThat(server.get("/admin/v1/routers/" + ROUTER + ":plan").json().path("steps"))
            .as("a converged router has nothing to change")
            .isEmpty();
      }
      log = capture.text();
    }
    assertThat(log).as("the log was captured").contains("DEBUG");
    if (log.contains(KEY) || log.contains(secret)) {
      throw new AssertionError("the server's log holds an MD5 key or an agent credential");
    }
  }

  @Test
  void runsAsJunctionAgentAndStopsCleanly() throws Exception {
    Path file = dataDir.resolve("agent-credential");
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, issue("command") + "\n");
    AgentCommand command = new AgentCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                new CommandLine(command)
                    .execute(
                        "--server",
                        server.base(),
                        "--router",
                        ROUTER,
                        "--credential-file",
                        file.toString(),
                        "--driver",
                        "simulated",
                        "--heartbeat",
                        "300ms",
                        "--max-wait",
                        "5s"));

    Answer created =
        server.post("/cic/v1/privateConnections", connection("by-command", 710, 71, "cmdKey1"));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    JsonNode done = server.awaitOperation(created.json().path("id").asText());
    assertThat(done.has("error")).as(done.toString()).isFalse();

    command.stop();
    assertThat(exit.get()).isZero();
  }

  @Test
  void refusesToStartWithoutADriverOrACredential() throws Exception {
    Path file = dataDir.resolve("not-a-credential");
    Files.writeString(file, "jct_not-an-agent-credential\n");
    String[] bird = {
      "--server", server.base(), "--router", ROUTER, "--credential-file", file.toString()
    };
    assertThat(run(bird)).startsWith("2:").contains("not an agent credential");

    Path real = dataDir.resolve("real-credential");
    Files.writeString(real, issue("bird") + "\n");
    String[] birdIn = {
      "--server",
      server.base(),
      "--router",
      ROUTER,
      "--credential-file",
      real.toString(),
      "--bird-config-dir",
      dataDir.resolve("bird").toString(),
      "--bird-socket",
      dataDir.resolve("bird.ctl").toString()
    };
    assertThat(run(concat(birdIn, "--link-layer", "ethernet")))
        .startsWith("2:")
        .contains("--link-layer");
    assertThat(run(concat(birdIn, "--connect-delay", "500ms")))
        .startsWith("2:")
        .contains("--connect-delay");
    assertThat(dataDir.resolve("bird"))
        .as("nothing written before the options are right")
        .doesNotExist();
    assertThat(run("--server", "ftp://x", "--router", ROUTER, "--driver", "simulated"))
        .startsWith("2:")
        .contains("--server");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  /** Runs {@code junction agent ARGS} to its end; returns its exit code and what it printed. */
  private static String run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new AgentCommand()).execute(args);
    } finally {
      System.setErr(original);
    }
    return exit + ": " + printed.toString(StandardCharsets.UTF_8);
  }
}
