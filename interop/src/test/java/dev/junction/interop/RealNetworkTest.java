package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.network.bird.NetnsLab;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Junction in front of a real router. Two network namespaces: the provider's edge, a BIRD 2 driven
 * by {@code junction agent} with the bird driver, and a customer's router, a BIRD that this test
 * configures as a customer would, from what the APIs answered. Two veth pairs are the
 * cross-connects: one carries a Yandex trunk, the other a Cloudflare interconnect.
 *
 * <p>The steps run in order on one lab, as an operator and two customers would use it: sessions
 * come up with MD5, an update leaves the other session alone, a wrong key shows why the session is
 * down, drift is repaired, a change made while the agent is dead is applied when it comes back, and
 * a delete removes the protocol and the link. The lab (namespaces, links, daemons, files) is
 * removed whether the steps pass or not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNetworkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String ROUTER = "edge-e2e";
  private static final String FOLDER = "e2e-folder";
  private static final String TRUNK = "cfte2etrunk000000001";
  private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String PORT_1 = "1f0e6f2a-6c3b-4d52-9a61-0a4e5e2a0001";
  private static final String PORT_2 = "1f0e6f2a-6c3b-4d52-9a61-0a4e5e2a0002";
  private static final long CLOUD_ASN = 64512;
  private static final long CLOUDFLARE_ASN = 13335;
  private static final String KEY_ONE = "e2e-Key-one-2f8a";
  private static final String KEY_TWO = "e2e-Key-two-91c3";
  private static final String KEY_NEW = "e2e-Key-new-77d0";

  private Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private NetnsLab lab;
  private JunctionProcess server;
  private Process agent;
  private String edge;
  private String customer;
  private String edgePort1;
  private String customerPort1;
  private String customerPort2;
  private Path birdDir;
  private Path edgeSocket;
  private Path customerSocket;
  private Path customerConfig;
  private Path credential;
  private String connection;
  private String cni;
  private JsonNode cniAnswer;

  @BeforeAll
  void openTheLab(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    lab = NetnsLab.open(dir.resolve("lab"));
    edge = lab.namespace("e");
    customer = lab.namespace("c");
    edgePort1 = lab.id() + "p1";
    customerPort1 = lab.id() + "q1";
    customerPort2 = lab.id() + "q2";
    lab.veth(edge, customer, edgePort1, customerPort1);
    lab.veth(edge, customer, lab.id() + "p2", customerPort2);
    birdDir = dir.resolve("edge-bird");
    edgeSocket = dir.resolve("edge-run").resolve("bird.ctl");
    server = JunctionProcess.start(dir.resolve("data"), config());
    credential = dir.resolve("edge.credential");
    String issued =
        junction(
            "admin",
            "--data-dir",
            server.dataDir().toString(),
            "routers",
            "credentials",
            "issue",
            ROUTER,
            "--name",
            "e2e",
            "--out",
            credential.toString());
    assertThat(issued).doesNotContain(Files.readString(credential).strip());
    startAgent();
    Path config = birdDir.resolve("bird.conf");
    await("junction agent wrote BIRD's first configuration", () -> Files.exists(config));
    lab.startBird(edge, config, edgeSocket.getParent());
    await(
        "the agent runs router " + ROUTER + " up to its desired state",
        () -> {
          JsonNode router = get("/admin/v1/routers/" + ROUTER);
          return !router.path("silent").asBoolean()
              && router.path("appliedSeq").asLong() == router.path("desiredSeq").asLong();
        });
  }

  @AfterAll
  void closeTheLab() throws Exception {
    List<Exception> failures = new ArrayList<>();
    try {
      stopAgent();
    } catch (Exception e) {
      failures.add(e);
    }
    try {
      if (server != null) {
        server.close();
      }
    } catch (Exception e) {
      failures.add(e);
    }
    if (lab != null) {
      lab.close();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  @Test
  @Order(1)
  void aYandexPrivateConnectionComesUpWithMd5AndStaticRoutes() throws Exception {
    JsonNode operation =
        call(
            "POST",
            "/cic/v1/privateConnections",
            object()
                .put("folderId", FOLDER)
                .put("name", "e2e-private")
                .put("trunkConnectionId", TRUNK)
                .put("vlanId", "100")
                .<ObjectNode>set(
                    "ipv4Peering",
                    object()
                        .put("peeringSubnet", "169.254.10.0/30")
                        .put("peerIp", "169.254.10.1")
                        .put("cloudIp", "169.254.10.2")
                        .put("peerBgpAsn", "65001")
                        .put("peerBgpMd5Key", KEY_ONE))
                .set(
                    "ipv4StaticRoutes",
                    JSON.createArrayNode().add(object().put("prefix", "10.61.0.0/16"))));
    connection = operation.path("metadata").path("privateConnectionId").asText();
    JsonNode done = done(operation.path("id").asText());
    assertThat(done.has("error")).as(done.toString()).isFalse();
    JsonNode created = get("/cic/v1/privateConnections/" + connection);
    assertThat(created.path("status").asText()).isEqualTo("ACTIVE");
    long cloudAsn = created.path("ipv4Peering").path("cloudBgpAsn").asLong();
    assertThat(cloudAsn).isEqualTo(CLOUD_ASN);

    // The customer configures its end from the API's answer: VLAN 100, its address, the cloud's
    // address and ASN, the key.
    lab.ip(
        customer,
        "link",
        "add",
        "link",
        customerPort1,
        "name",
        customerPort1 + "v100",
        "type",
        "macvlan",
        "mode",
        "bridge");
    lab.ip(customer, "addr", "add", "169.254.10.1/30", "dev", customerPort1 + "v100");
    lab.ip(customer, "link", "set", customerPort1 + "v100", "up");
    customerConfig = dir.resolve("customer").resolve("bird.conf");
    Files.createDirectories(customerConfig.getParent());
    writeCustomer(KEY_ONE, KEY_TWO);
    customerSocket = lab.startBird(customer, customerConfig, dir.resolve("customer-run"));

    JsonNode bgp =
        awaitNetwork(
                connection,
                "BGP Established and the customer's prefix received",
                n ->
                    n.path("bgp").path("state").asText().equals("Established")
                        && n.path("bgp").path("prefixesReceived").asLong() == 1)
            .path("bgp");
    assertThat(bgp.path("prefixesAdvertised").asLong()).isEqualTo(1);
    await("the provider's prefix at the customer", () -> hasRoute(customerSocket, "10.128.0.0/24"));
    assertThat(lab.ip(edge, "route", "show", "10.60.0.0/16"))
        .as("the customer's prefix at the edge")
        .contains("via 169.254.10.1");
    assertThat(lab.ip(edge, "route", "show", "10.61.0.0/16"))
        .as("the static route, via the customer's end")
        .contains("via 169.254.10.1");
  }

  @Test
  @Order(2)
  void aCloudflareCniComesUpOnTheInterconnectWithItsPrefixes() throws Exception {
    String cf = "/client/v4/accounts/" + ACCOUNT + "/cni";
    JsonNode interconnect =
        call(
            "POST",
            cf + "/interconnects",
            object()
                .put("account", ACCOUNT)
                .put("type", "direct")
                .put("slot_id", PORT_2)
                .put("speed", "10G"));
    String icon = interconnect.path("name").asText();
    await(
        "interconnect " + icon + " Healthy, from the real link",
        () ->
            get(cf + "/interconnects/" + icon + "/status")
                .path("state")
                .asText()
                .equals("Healthy"));
    cniAnswer =
        call(
            "POST",
            cf + "/cnis",
            object()
                .put("account", ACCOUNT)
                .put("interconnect", icon)
                .<ObjectNode>set(
                    "magic",
                    object().put("conduit_name", "e2e").put("description", "").put("mtu", 1500))
                .set(
                    "bgp",
                    object()
                        .put("customer_asn", 65002)
                        .put("md5_key", KEY_TWO)
                        .set("extra_prefixes", JSON.createArrayNode().add("10.129.0.0/24"))));
    cni = cniAnswer.path("id").asText();
    String custIp = cniAnswer.path("cust_ip").asText();
    lab.ip(customer, "addr", "add", custIp, "dev", customerPort2);
    writeCustomer(KEY_ONE, KEY_TWO);
    birdc(customerSocket, "configure");

    JsonNode bgp = awaitEstablished(cni);
    assertThat(bgp.path("prefixesAdvertised").asLong()).isEqualTo(2);
    await(
        "the CNI's extra prefix at the customer", () -> hasRoute(customerSocket, "10.129.0.0/24"));
  }

  @Test
  @Order(3)
  void anUpdateIsAppliedWithoutDisturbingTheOtherSession() throws Exception {
    String cniSince = network(cni).path("bgp").path("since").asText();
    JsonNode update =
        call(
            "PATCH",
            "/cic/v1/privateConnections/" + connection,
            object()
                .put("updateMask", "ipv4Peering.peerBgpMd5Key")
                .set("ipv4Peering", object().put("peerBgpMd5Key", KEY_NEW)));
    assertThat(done(update.path("id").asText()).has("error")).isFalse();
    JsonNode route =
        call(
            "POST",
            "/cic/v1/privateConnections/" + connection + ":upsertStaticRoutes",
            object()
                .set(
                    "ipv4StaticRoutes",
                    JSON.createArrayNode().add(object().put("prefix", "10.62.0.0/16"))));
    assertThat(done(route.path("id").asText()).has("error")).isFalse();
    assertThat(lab.ip(edge, "route", "show", "10.62.0.0/16")).contains("via 169.254.10.1");

    writeCustomer(KEY_NEW, KEY_TWO);
    birdc(customerSocket, "configure");
    awaitEstablished(connection);
    JsonNode other = network(cni).path("bgp");
    assertThat(other.path("state").asText()).isEqualTo("Established");
    // BIRD prints a session's state change, kept on its monotonic clock, as wall time, so two
    // reports of one unchanged session may differ by a millisecond; a restarted session would
    // move it by the seconds a new session takes to come up.
    Instant since = Instant.parse(other.path("since").asText());
    assertThat(Duration.between(Instant.parse(cniSince), since).abs())
        .as("the CNI's uptime (%s, then %s)", cniSince, since)
        .isLessThan(Duration.ofMillis(100));
  }

  @Test
  @Order(4)
  void aWrongKeyOnTheCustomerSideShowsAsNotEstablishedWithTheReason() throws Exception {
    writeCustomer("not-" + KEY_NEW, KEY_TWO);
    birdc(customerSocket, "configure");
    JsonNode down =
        awaitNetwork(
            connection,
            "a session down with a reason",
            n -> {
              JsonNode bgp = n.path("bgp");
              return !bgp.path("state").asText().equals("Established")
                  && !bgp.path("lastError").asText().isEmpty();
            });
    assertThat(down.toString()).doesNotContain(KEY_NEW);
    writeCustomer(KEY_NEW, KEY_TWO);
    birdc(customerSocket, "configure");
    awaitEstablished(connection);
  }

  @Test
  @Order(5)
  void driftIsRepairedAndRecorded() throws Exception {
    String protocol = protocolOf(connection);
    birdc(edgeSocket, "disable " + protocol);
    String link = edgePort1 + ".100";
    lab.ip(edge, "link", "del", link);
    await(
        "both repairs recorded",
        () -> {
          JsonNode events = get("/admin/v1/routers/" + ROUTER).path("events");
          long repairs = 0;
          for (JsonNode event : events) {
            if (event.path("kind").asText().equals("DRIFT_REPAIRED")) {
              repairs++;
            }
          }
          return repairs >= 2;
        });
    assertThat(lab.ip(edge, "link", "show", link)).contains(link);
    awaitEstablished(connection);
  }

  @Test
  @Order(6)
  void aChangeMadeWhileTheAgentIsDeadIsAppliedWhenItComesBack() throws Exception {
    stopAgent();
    JsonNode route =
        call(
            "POST",
            "/cic/v1/privateConnections/" + connection + ":upsertStaticRoutes",
            object()
                .set(
                    "ipv4StaticRoutes",
                    JSON.createArrayNode().add(object().put("prefix", "10.63.0.0/16"))));
    String operation = route.path("id").asText();
    awaitNetwork(
        connection, "the router shown silent", n -> n.path("router").path("silent").asBoolean());
    assertThat(get("/operations/" + operation).path("done").asBoolean()).isFalse();
    assertThat(lab.ip(edge, "route", "show", "10.63.0.0/16")).doesNotContain("via");

    startAgent();
    assertThat(done(operation).has("error")).isFalse();
    assertThat(lab.ip(edge, "route", "show", "10.63.0.0/16")).contains("via 169.254.10.1");
    awaitNetwork(
        connection, "the router heard again", n -> !n.path("router").path("silent").asBoolean());
  }

  @Test
  @Order(7)
  void aDeleteRemovesTheProtocolAndTheLink() throws Exception {
    String protocol = protocolOf(connection);
    JsonNode delete = call("DELETE", "/cic/v1/privateConnections/" + connection, null);
    assertThat(done(delete.path("id").asText()).has("error")).isFalse();
    assertThat(birdc(edgeSocket, "show protocols")).doesNotContain(protocol);
    assertThat(lab.ip(edge, "-o", "link", "show")).doesNotContain(edgePort1 + ".100");
    assertThat(network(cni).path("bgp").path("state").asText()).isEqualTo("Established");
  }

  // The customer's router.

  /** Writes the customer's configuration: the Yandex session with {@code yandexKey}, the CNI. */
  private void writeCustomer(String yandexKey, String cniKey) throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("router id 10.255.9.1;\n")
        .append("protocol device { scan time 1; }\n")
        .append("protocol kernel { ipv4 { import none; export none; }; }\n")
        .append("protocol static announced { ipv4; route 10.60.0.0/16 blackhole; }\n")
        .append("protocol bgp yandex {\n")
        .append("  local 169.254.10.1 as 65001;\n")
        .append("  neighbor 169.254.10.2 as ")
        .append(CLOUD_ASN)
        .append(";\n  interface \"")
        .append(customerPort1)
        .append("v100\";\n  password \"")
        .append(yandexKey)
        .append("\";\n  connect delay time 1; connect retry time 2; error wait time 1, 2;\n")
        .append("  ipv4 { import all; export where proto = \"announced\"; };\n}\n");
    if (cniAnswer != null) {
      String custIp = cniAnswer.path("cust_ip").asText();
      String p2pIp = cniAnswer.path("p2p_ip").asText();
      c.append("protocol bgp cloudflare {\n")
          .append("  local ")
          .append(custIp.substring(0, custIp.indexOf('/')))
          .append(" as 65002;\n  neighbor ")
          .append(p2pIp.substring(0, p2pIp.indexOf('/')))
          .append(" as ")
          .append(CLOUDFLARE_ASN)
          .append(";\n  interface \"")
          .append(customerPort2)
          .append("\";\n  password \"")
          .append(cniKey)
          .append("\";\n  connect delay time 1; connect retry time 2; error wait time 1, 2;\n")
          .append("  ipv4 { import all; export where proto = \"announced\"; };\n}\n");
    }
    Files.writeString(customerConfig, c.toString());
  }

  private String birdc(Path socket, String command) throws IOException {
    return lab.run("birdc", "-s", socket.toString(), command);
  }

  /**
   * Returns whether the BIRD at {@code socket} has a route to {@code prefix}. BIRD answers a route
   * it does not have yet with "Network not found" (and birdc exits non-zero): that is "not yet",
   * since the session reports its prefixes advertised before the other side has installed them.
   */
  private boolean hasRoute(Path socket, String prefix) throws IOException {
    try {
      return birdc(socket, "show route " + prefix).contains(prefix);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Network not found")) {
        return false;
      }
      throw e;
    }
  }

  /** Returns the name of the BGP protocol the edge runs for {@code attachment}. */
  private String protocolOf(String attachment) throws IOException {
    String protocols = birdc(edgeSocket, "show protocols");
    for (String line : protocols.split("\n")) {
      String name = line.split("\\s+")[0];
      if (name.startsWith("bgp_") && name.contains(attachment.replace('-', '_'))) {
        return name;
      }
    }
    throw new AssertionError("no BGP protocol for " + attachment + " in:\n" + protocols);
  }

  // The agent.

  private void startAgent() throws IOException {
    Path log = dir.resolve("agent.log");
    agent =
        new ProcessBuilder(
                System.getProperty("junction.java", "java"),
                "-jar",
                System.getProperty("junction.server.jar"),
                "agent",
                "--server",
                "http://127.0.0.1:" + server.httpPort(),
                "--router",
                ROUTER,
                "--credential-file",
                credential.toString(),
                "--driver",
                "bird",
                "--bird-config-dir",
                birdDir.toString(),
                "--bird-socket",
                edgeSocket.toString(),
                "--netns",
                edge,
                "--link-layer",
                "macvlan",
                "--connect-delay",
                "1s",
                "--connect-retry",
                "2s",
                "--error-wait",
                "1s",
                "--observe-interval",
                "100ms",
                "--sweep-interval",
                "2s",
                "--resync-interval",
                "3s",
                "--heartbeat",
                "1s",
                "--max-backoff",
                "1s")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  private void stopAgent() throws InterruptedException {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
  }

  // The server.

  private Path config() throws IOException {
    String yaml =
        """
        network:
          routers:
            - {id: %1$s, driver: agent}
          agent: {heartbeat: 1s}
          ownerLease: 3s
          agentSilence: 3s
        cloud: {bgpAsn: %2$d}
        quotas: {trunksPerFolder: 5, privateConnectionsPerTrunk: 10}
        catalogue:
          pointsOfPresence:
            - {id: e2e01, name: Lab, site: e2e01, facility: {name: Lab}}
          routers:
            - {id: %1$s, pointOfPresence: e2e01, name: %1$s, routerId: 10.255.0.1, announce: [10.128.0.0/24]}
          ports:
            - {id: %3$s, router: %1$s, name: et-0/0/1, interface: %5$s, speed: 10G, transceiver: 10GBASE-LR}
            - {id: %4$s, router: %1$s, name: et-0/0/2, interface: %6$s, speed: 10G, transceiver: 10GBASE-LR}
        demoTrunks:
          - {id: %7$s, folderId: %8$s, name: e2e-trunk, ports: [%3$s]}
        """
            .formatted(
                ROUTER, CLOUD_ASN, PORT_1, PORT_2, edgePort1, lab.id() + "p2", TRUNK, FOLDER);
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Runs the packaged {@code junction} command and returns what it printed. */
  private static String junction(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("junction.java", "java"));
    command.add("-jar");
    command.add(System.getProperty("junction.server.jar"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private JsonNode call(String method, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + server.token())
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("%s %s: %s", method, path, answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return call("GET", path, null);
  }

  private JsonNode network(String resource) throws IOException, InterruptedException {
    return get("/junction/v1/network/" + resource);
  }

  private JsonNode done(String operation) throws Exception {
    return awaitValue(
        "operation " + operation + " done",
        () -> {
          JsonNode answer = get("/operations/" + operation);
          return answer.path("done").asBoolean() ? answer : null;
        });
  }

  private JsonNode awaitEstablished(String resource) throws Exception {
    return awaitNetwork(
            resource,
            "BGP Established",
            n -> n.path("bgp").path("state").asText().equals("Established"))
        .path("bgp");
  }

  private JsonNode awaitNetwork(String resource, String what, Check<JsonNode> check)
      throws Exception {
    return awaitValue(
        resource + ": " + what,
        () -> {
          JsonNode answer = network(resource);
          return check.holds(answer) ? answer : null;
        });
  }

  /** A condition on a value that may throw. */
  @FunctionalInterface
  private interface Check<T> {
    boolean holds(T value) throws Exception;
  }

  /** A step that returns a value once it is there, or null to be asked again. */
  @FunctionalInterface
  private interface Probe<T> {
    T get() throws Exception;
  }

  private void await(String what, Probe<Boolean> condition) throws Exception {
    awaitValue(what, () -> condition.get() ? Boolean.TRUE : null);
  }

  private <T> T awaitValue(String what, Probe<T> probe) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + PATIENCE + ": " + what + "\nagent log:\n" + agentLog());
      }
      Thread.sleep(50);
    }
  }

  private String agentLog() {
    try {
      String log = Files.readString(dir.resolve("agent.log"));
      return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    } catch (IOException e) {
      return "(none)";
    }
  }
}
