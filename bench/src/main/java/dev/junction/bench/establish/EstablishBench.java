package dev.junction.bench.establish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.network.bird.NetnsLab;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Measures how long a new private connection takes to reach BGP Established on a real BIRD edge,
 * from the create request to the API showing the session Established, against a baseline measured
 * in the same run on the same namespaces: BIRD's own time, from adding the same session to the
 * edge's configuration by hand ({@code birdc configure}) to {@code show protocols} saying
 * Established. Both use a connect delay of 1 s, and in both the customer's router is configured for
 * the session just before the clock starts.
 *
 * <p>The Junction side is the packaged server with the router driven by the packaged {@code
 * junction agent} (bird driver, macvlan link layer) in the edge namespace. Usage: {@code
 * EstablishBench SERVER_JAR [rounds]} (default 5). Needs root, {@code bird}, {@code birdc} and
 * {@code ip}; everything it makes is removed at the end, also on failure.
 */
public final class EstablishBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String ROUTER = "edge-bench";
  private static final String TRUNK = "cftbenchtrunk0000001";
  private static final String PORT = "3a1c9e6e-55b0-4f0e-8d7e-1b2c3d4e5f60";
  private static final long CLOUD_ASN = 64512;
  private static final String KEY = "bench-Key-5d1e";

  private final Path serverJar;
  private final int rounds;
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private NetnsLab lab;
  private String edge;
  private String customer;
  private String edgePort;
  private String customerPort;
  private Path customerSocket;
  private Path customerSessions;
  private final List<Process> processes = new ArrayList<>();

  private EstablishBench(Path serverJar, int rounds, Path dir) {
    this.serverJar = serverJar;
    this.rounds = rounds;
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: EstablishBench SERVER_JAR [rounds]");
      System.exit(2);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("junction-establish-");
    new EstablishBench(Path.of(args[0]), rounds, dir).run();
  }

  private void run() throws Exception {
    try {
      lab = NetnsLab.open(dir.resolve("lab"));
      edge = lab.namespace("e");
      customer = lab.namespace("c");
      edgePort = lab.id() + "p";
      customerPort = lab.id() + "q";
      lab.veth(edge, customer, edgePort, customerPort);
      startCustomer();
      List<Duration> baseline = baseline();
      List<Duration> junction = new ArrayList<>();
      List<Duration> applied = new ArrayList<>();
      junction(junction, applied);
      print(baseline, junction, applied);
    } finally {
      for (Process process : processes) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      if (lab != null) {
        lab.close();
      }
    }
  }

  // The customer's router: one BIRD, one file per session, configured before each round.

  private void startCustomer() throws IOException {
    customerSessions = dir.resolve("customer").resolve("sessions");
    Files.createDirectories(customerSessions);
    Path config = dir.resolve("customer").resolve("bird.conf");
    Files.writeString(
        config,
        "router id 10.255.9.1;\n"
            + "protocol device { scan time 1; }\n"
            + "protocol static announced { ipv4; route 10.60.0.0/16 blackhole; }\n"
            + "include \""
            + customerSessions
            + "/*.conf\";\n");
    customerSocket = lab.startBird(customer, config, dir.resolve("customer-run"));
  }

  /**
   * Makes the customer's end of session {@code n} on VLAN {@code vlan}, talking to AS {@code asn}.
   */
  private void customerSession(int n, int vlan, long asn) throws IOException {
    String link = customerPort + "v" + vlan;
    lab.ip(
        customer,
        "link",
        "add",
        "link",
        customerPort,
        "name",
        link,
        "type",
        "macvlan",
        "mode",
        "bridge");
    lab.ip(customer, "addr", "add", peer(n) + "/30", "dev", link);
    lab.ip(customer, "link", "set", link, "up");
    Files.writeString(
        customerSessions.resolve("s" + n + ".conf"),
        "protocol bgp s"
            + n
            + " {\n  local "
            + peer(n)
            + " as 65001;\n  neighbor "
            + cloud(n)
            + " as "
            + asn
            + ";\n  interface \""
            + link
            + "\";\n  password \""
            + KEY
            + "\";\n  connect delay time 1; connect retry time 1; error wait time 1, 2;\n"
            + "  ipv4 { import all; export where proto = \"announced\"; };\n}\n");
    birdc(customerSocket, "configure");
  }

  private static String peer(int n) {
    return "169.254." + n + ".1";
  }

  private static String cloud(int n) {
    return "169.254." + n + ".2";
  }

  private String birdc(Path socket, String command) throws IOException {
    return lab.run("birdc", "-s", socket.toString(), command);
  }

  // The baseline: the same session added to an edge BIRD by hand.

  private List<Duration> baseline() throws Exception {
    Path home = dir.resolve("baseline");
    Path sessions = home.resolve("sessions");
    Files.createDirectories(sessions);
    Path config = home.resolve("bird.conf");
    Files.writeString(
        config,
        "router id 10.255.0.1;\n"
            + "protocol device { scan time 1; }\n"
            + "protocol static announced { ipv4; route 10.128.0.0/24 blackhole; }\n"
            + "include \""
            + sessions
            + "/*.conf\";\n");
    Path socket = lab.startBird(edge, config, home.resolve("run"));
    List<Duration> times = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      int n = 10 + round;
      int vlan = 100 + round;
      String link = edgePort + "." + vlan;
      lab.ip(
          edge, "link", "add", "link", edgePort, "name", link, "type", "macvlan", "mode", "bridge");
      lab.ip(edge, "addr", "add", cloud(n) + "/30", "dev", link);
      lab.ip(edge, "link", "set", link, "up");
      customerSession(n, vlan, 64999);
      long start = System.nanoTime();
      Files.writeString(
          sessions.resolve("b" + n + ".conf"),
          "protocol bgp b"
              + n
              + " {\n  local "
              + cloud(n)
              + " as 64999;\n  neighbor "
              + peer(n)
              + " as 65001;\n  interface \""
              + link
              + "\";\n  password \""
              + KEY
              + "\";\n  connect delay time 1; connect retry time 1; error wait time 1, 2;\n"
              + "  ipv4 { import all; export where proto = \"announced\"; };\n}\n");
      birdc(socket, "configure");
      String name = "b" + n;
      await(
          "baseline session " + name + " Established",
          () -> {
            try {
              return birdc(socket, "show protocols " + name).contains("Established");
            } catch (IOException e) {
              return false;
            }
          });
      times.add(Duration.ofNanos(System.nanoTime() - start));
    }
    lab.run("birdc", "-s", socket.toString(), "down");
    return times;
  }

  // Junction: the packaged server and junction agent.

  private void junction(List<Duration> establishedTimes, List<Duration> appliedTimes)
      throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path config = dir.resolve("junction.yaml");
    Files.writeString(
        config,
        """
        network:
          routers:
            - {id: %1$s, driver: agent}
        cloud: {bgpAsn: %2$d}
        quotas: {privateConnectionsPerTrunk: 100}
        catalogue:
          pointsOfPresence:
            - {id: lab01, name: Lab, site: lab01, facility: {name: Lab}}
          routers:
            - {id: %1$s, pointOfPresence: lab01, name: %1$s, routerId: 10.255.0.1, announce: [10.128.0.0/24]}
          ports:
            - {id: %3$s, router: %1$s, name: et-0/0/1, interface: %4$s, speed: 10G, transceiver: 10GBASE-LR}
        demoTrunks:
          - {id: %5$s, folderId: bench-folder, name: bench, ports: [%3$s]}
        """
            .formatted(ROUTER, CLOUD_ASN, PORT, edgePort, TRUNK));
    Path serverLog = dir.resolve("server.log");
    processes.add(
        java(
            serverLog,
            "serve",
            "--data-dir",
            data.toString(),
            "--http-port",
            "0",
            "--config",
            config.toString()));
    Path serverFile = data.resolve("server.json");
    await("the server up", () -> Files.exists(serverFile));
    int port = JSON.readTree(serverFile.toFile()).path("httpPort").asInt();
    String token = Files.readString(data.resolve("admin-token"), StandardCharsets.US_ASCII).strip();
    Path credential = dir.resolve("edge.credential");
    Process issue =
        java(
            dir.resolve("admin.log"),
            "admin",
            "--data-dir",
            data.toString(),
            "routers",
            "credentials",
            "issue",
            ROUTER,
            "--out",
            credential.toString());
    if (issue.waitFor() != 0) {
      throw new IllegalStateException("could not issue the agent's credential");
    }
    Path birdDir = dir.resolve("edge-bird");
    Path socket = dir.resolve("edge-run").resolve("bird.ctl");
    processes.add(
        java(
            dir.resolve("agent.log"),
            "agent",
            "--server",
            "http://127.0.0.1:" + port,
            "--router",
            ROUTER,
            "--credential-file",
            credential.toString(),
            "--driver",
            "bird",
            "--bird-config-dir",
            birdDir.toString(),
            "--bird-socket",
            socket.toString(),
            "--netns",
            edge,
            "--link-layer",
            "macvlan",
            "--connect-delay",
            "1s",
            "--connect-retry",
            "1s",
            "--error-wait",
            "1s",
            "--max-backoff",
            "1s"));
    Path birdConfig = birdDir.resolve("bird.conf");
    await("the agent's first configuration", () -> Files.exists(birdConfig));
    lab.startBird(edge, birdConfig, socket.getParent());
    Api api = new Api(port, token);
    await(
        "the agent running the router",
        () -> {
          JsonNode router = api.get("/admin/v1/routers/" + ROUTER);
          return router != null
              && !router.path("silent").asBoolean()
              && router.path("appliedSeq").asLong() == router.path("desiredSeq").asLong();
        });
    for (int round = 0; round < rounds; round++) {
      int n = 40 + round;
      int vlan = 200 + round;
      customerSession(n, vlan, CLOUD_ASN);
      long start = System.nanoTime();
      JsonNode operation =
          api.post(
              "/cic/v1/privateConnections",
              JSON.createObjectNode()
                  .put("folderId", "bench-folder")
                  .put("name", "bench-" + n)
                  .put("trunkConnectionId", TRUNK)
                  .put("vlanId", String.valueOf(vlan))
                  .set(
                      "ipv4Peering",
                      JSON.createObjectNode()
                          .put("peeringSubnet", "169.254." + n + ".0/30")
                          .put("peerIp", peer(n))
                          .put("cloudIp", cloud(n))
                          .put("peerBgpAsn", "65001")
                          .put("peerBgpMd5Key", KEY)));
      String id = operation.path("metadata").path("privateConnectionId").asText();
      String operationId = operation.path("id").asText();
      long[] applied = {0};
      await(
          "connection " + id + " Established",
          () -> {
            if (applied[0] == 0) {
              JsonNode op = api.get("/operations/" + operationId);
              if (op != null && op.path("done").asBoolean()) {
                applied[0] = System.nanoTime();
              }
            }
            JsonNode network = api.get("/junction/v1/network/" + id);
            return network != null
                && network.path("bgp").path("state").asText().equals("Established");
          });
      long end = System.nanoTime();
      establishedTimes.add(Duration.ofNanos(end - start));
      appliedTimes.add(Duration.ofNanos((applied[0] == 0 ? end : applied[0]) - start));
    }
  }

  private Process java(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(serverJar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** The server's REST API, as the operator. */
  private final class Api {
    private final int port;
    private final String token;

    Api(int port, String token) {
      this.port = port;
      this.token = token;
    }

    JsonNode get(String path) {
      return send("GET", path, null);
    }

    JsonNode post(String path, ObjectNode body) {
      JsonNode answer = send("POST", path, body);
      if (answer == null) {
        throw new IllegalStateException("POST " + path + " failed");
      }
      return answer;
    }

    private JsonNode send(String method, String path, JsonNode body) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(
                        method,
                        body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  // The report.

  private void print(List<Duration> baseline, List<Duration> junction, List<Duration> applied) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Create to BGP Established on a real BIRD edge, connect delay 1 s, %d rounds%n%n",
        rounds);
    System.out.printf(Locale.ROOT, "%-58s %8s %8s %8s%n", "", "min", "median", "max");
    row("baseline: session added to BIRD by hand, to Established", baseline);
    row("Junction: create request to the router running it", applied);
    row("Junction: create request to the API showing Established", junction);
    System.out.printf(
        Locale.ROOT,
        "%nratio of medians (Junction / baseline): %.2f; Junction median %.2f s (goal: at most 3 s)%n",
        seconds(median(junction)) / seconds(median(baseline)),
        seconds(median(junction)));
  }

  private static void row(String label, List<Duration> times) {
    List<Duration> sorted = times.stream().sorted(Comparator.naturalOrder()).toList();
    System.out.printf(
        Locale.ROOT,
        "%-58s %7.2fs %7.2fs %7.2fs%n",
        label,
        seconds(sorted.get(0)),
        seconds(median(times)),
        seconds(sorted.get(sorted.size() - 1)));
  }

  private static Duration median(List<Duration> times) {
    List<Duration> sorted = times.stream().sorted(Comparator.naturalOrder()).toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
