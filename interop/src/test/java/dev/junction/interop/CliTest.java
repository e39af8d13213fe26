package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer's command line ({@code junction cic|cni|profile|completion}) run as a customer runs
 * it: through the {@code junction} launcher, from a copy of the checkout's layout with the packaged
 * jar, as a process of its own with a home directory of the test's, against the packaged server on
 * the simulated network, with a tenant's token.
 */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path JDK = Path.of(System.getProperty("java.home"));
  private static final String FOLDER = "demo-folder";
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String ACCOUNT = "c11000000000000000000000000000c1";

  @TempDir static Path dir;
  private static JunctionProcess server;
  private static Path launcher;
  private static Path home;
  private static Path tokenFile;
  private static String token;

  /** A run of the command line: its exit code and what it printed. */
  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = JunctionProcess.start(dir.resolve("server"), null);
    Tenants tenants = new Tenants(server);
    String tenant = tenants.create("cli-customer", FOLDER, ACCOUNT);
    token =
        tenants.token(
            tenants.principal(tenant, "cli", FOLDER, "editor", ACCOUNT, "Magic WAN Write"));
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token + "\n");

    Path root = dir.resolve("checkout");
    Path target = Files.createDirectories(root.resolve("server/target"));
    launcher = root.resolve("junction");
    Files.copy(Path.of(System.getProperty("junction.launcher")), launcher);
    launcher.toFile().setExecutable(true);
    Path jar = Path.of(System.getProperty("junction.server.jar"));
    Files.copy(jar, target.resolve("junction-server.jar"));
    Files.createSymbolicLink(target.resolve("lib"), jar.resolveSibling("lib"));
    home = Files.createDirectories(dir.resolve("home"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Run cli(String... args) throws IOException, InterruptedException {
    return cli(Map.of(), null, args);
  }

  /** Runs {@code junction args...} with {@code env} added and {@code stdin} as standard input. */
  private static Run cli(Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", JDK.resolve("bin") + ":/usr/bin:/bin");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
    builder.environment().put("JUNCTION_SKIP_BUILD", "1");
    builder.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Path in = Files.createTempFile(dir, "in", ".txt");
    Files.writeString(in, stdin == null ? "" : stdin);
    builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("junction " + String.join(" ", args) + " did not finish");
    }
    Run run =
        new Run(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    assertThat(run.out() + run.err()).as("the token is never printed").doesNotContain(token);
    assertThat(run.err())
        .as("no stack trace on the terminal")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    return run;
  }

  private static Run ok(String... args) throws IOException, InterruptedException {
    Run run = cli(args);
    assertThat(run.exit()).as("junction %s\n%s", String.join(" ", args), run).isZero();
    return run;
  }

  private static void fault(String method, String reason) throws Exception {
    String body =
        JSON.createObjectNode()
            .put("kind", "refusal")
            .put("target", "edge-mow01-a")
            .put("router", "edge-mow01-a")
            .put("reason", reason)
            .toString();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.httpPort() + "/admin/v1/network/faults"))
                    .header("Authorization", "Bearer " + server.token())
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void aCustomerWorksThroughTheCommandLine() throws Exception {
    // A profile: the URL, a token file, the default folder and account.
    Run set =
        ok(
            "profile",
            "set",
            "customer",
            "--url",
            "http://127.0.0.1:" + server.httpPort(),
            "--token-file",
            tokenFile.toString(),
            "--folder-id",
            FOLDER,
            "--account-id",
            ACCOUNT);
    Path config = home.resolve("xdg/junction/config.yaml");
    assertThat(set.err()).contains("Saved profile customer in " + config + " (current)");
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(config)).contains(tokenFile.toString()).doesNotContain(token);
    assertThat(ok("profile", "list").out())
        .contains("*  customer")
        .contains("http://127.0.0.1:" + server.httpPort());

    // Create with --wait: progress on stderr, plain lines as it is not a terminal; ACTIVE after.
    Run created =
        cli(
            Map.of(),
            "bgp-md5-secret\n",
            "cic",
            "private-connections",
            "create",
            "--name",
            "db-link",
            "--trunk-connection-id",
            TRUNK,
            "--vlan-id",
            "310",
            "--peering-subnet",
            "169.254.31.0/30",
            "--peer-ip",
            "169.254.31.1",
            "--cloud-ip",
            "169.254.31.2",
            "--peer-bgp-asn",
            "65010",
            "--peer-bgp-md5-key-file",
            "-",
            "--static-route",
            "10.31.0.0/16",
            "--wait",
            "-o",
            "json");
    assertThat(created.exit()).as("%s", created).isZero();
    assertThat(created.err())
        .containsPattern("operation cop\\w+ \\(Create private connection\\): done");
    JsonNode connection = JSON.readTree(created.out());
    String id = connection.path("id").asText();
    assertThat(id).startsWith("cpc");
    assertThat(connection.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(connection.at("/ipv4Peering/peerBgpMd5Key").asText())
        .as("the key read from standard input")
        .isEqualTo("bgp-md5-secret");

    // Get and list in each format.
    JsonNode listed = JSON.readTree(ok("cic", "private-connections", "list", "-o", "json").out());
    assertThat(listed.path("privateConnections")).hasSize(1);
    assertThat(listed.at("/privateConnections/0/id").asText()).isEqualTo(id);
    JsonNode yaml = YAML.readTree(ok("cic", "private-connections", "get", id, "-o", "yaml").out());
    assertThat(yaml).isEqualTo(JSON.readTree(ok("cic", "pc", "get", id, "-o", "json").out()));
    List<String> table = ok("cic", "private-connections", "list").out().lines().toList();
    assertThat(table).hasSize(2);
    assertThat(table.get(0)).startsWith("ID").contains("VLAN").contains("STATUS");
    assertThat(table.get(1).split("\\s+"))
        .contains(id, "db-link", FOLDER, TRUNK, "310", "169.254.31.0/30", "65010", "ACTIVE");
    assertThat(table.get(1).indexOf("ACTIVE")).isEqualTo(table.get(0).indexOf("STATUS"));

    // Update: only the fields given change.
    Run updated =
        ok(
            "cic",
            "private-connections",
            "update",
            id,
            "--description",
            "primary database",
            "--static-route",
            "10.32.0.0/16",
            "--wait",
            "-o",
            "json");
    JsonNode after = JSON.readTree(updated.out());
    assertThat(after.path("description").asText()).isEqualTo("primary database");
    assertThat(after.path("ipv4StaticRoutes").findValuesAsText("prefix"))
        .containsExactly("10.32.0.0/16");
    assertThat(after.path("name").asText()).isEqualTo("db-link");
    assertThat(after.path("vlanId").asText()).isEqualTo("310");

    // A failing operation: the router refuses every change; the server's error, exit 1.
    fault("POST", "maintenance window");
    Run refused =
        cli(
            "cic",
            "private-connections",
            "create",
            "--name",
            "doomed",
            "--trunk-connection-id",
            TRUNK,
            "--vlan-id",
            "311",
            "--peering-subnet",
            "169.254.32.0/30",
            "--peer-ip",
            "169.254.32.1",
            "--cloud-ip",
            "169.254.32.2",
            "--peer-bgp-asn",
            "65010",
            "--wait");
    fault("DELETE", "");
    assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
    assertThat(refused.err())
        .contains("(Create private connection) failed: UNAVAILABLE")
        .contains("maintenance window");
    assertThat(ok("cic", "pc", "list", "-o", "json").out()).doesNotContain("doomed");

    // A request the server refuses: its code and field violations, exit 1.
    Run invalid =
        cli(
            "cic",
            "pc",
            "create",
            "--trunk-connection-id",
            TRUNK,
            "--vlan-id",
            "312",
            "--peering-subnet",
            "169.254.33.0/30",
            "--peer-ip",
            "169.254.33.1",
            "--cloud-ip",
            "169.254.33.2",
            "--peer-bgp-asn",
            "64500");
    assertThat(invalid.exit()).as("%s", invalid).isEqualTo(1);
    assertThat(invalid.err())
        .contains("HTTP 400: INVALID_ARGUMENT")
        .contains("ipv4_peering.peer_bgp_asn: ");

    // Delete with --wait; then it is gone.
    Run deleted = ok("cic", "private-connections", "delete", id, "--wait");
    assertThat(deleted.err()).contains("(Delete private connection): done");
    Run gone = cli("cic", "private-connections", "get", id);
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("HTTP 404: NOT_FOUND");
  }

  @Test
  void aCustomerWorksWithCloudflareInterconnects() throws Exception {
    Map<String, String> env =
        Map.of(
            "JUNCTION_URL", "http://127.0.0.1:" + server.httpPort(),
            "JUNCTION_TOKEN", token,
            "JUNCTION_ACCOUNT_ID", ACCOUNT);
    JsonNode slots =
        JSON.readTree(
            run(env, "cni", "slots", "list", "--site", "mow01", "--occupied", "false", "-o", "json")
                .out());
    String slot = slots.at("/items/0/id").asText();
    assertThat(slot).isNotEmpty();

    Run created = run(env, "cni", "interconnects", "create", "--slot-id", slot, "--wait");
    assertThat(created.err()).containsPattern("interconnect cft\\w+: Healthy");
    String name = created.out().lines().toList().get(1).split("\\s+")[0];
    assertThat(name).startsWith("cft");
    assertThat(run(env, "cni", "interconnects", "status", name).out()).contains("Healthy");

    Run cni =
        run(
            env,
            "cni",
            "cnis",
            "create",
            "--interconnect",
            name,
            "--conduit-name",
            "office-1",
            "--customer-asn",
            "65020",
            "--extra-prefix",
            "10.40.0.0/24",
            "--wait",
            "-o",
            "json");
    JsonNode made = JSON.readTree(cni.out());
    String cniId = made.path("id").asText();
    assertThat(made.path("interconnect").asText()).isEqualTo(name);
    assertThat(made.at("/bgp/customer_asn").asInt()).isEqualTo(65020);

    JsonNode list = JSON.readTree(run(env, "cni", "cnis", "list", "-o", "json").out());
    assertThat(list.path("items").findValuesAsText("id")).containsExactly(cniId);
    assertThat(run(env, "cni", "interconnects", "list").out()).contains(name).contains(slot);

    Run busy = cli(env, null, "cni", "interconnects", "delete", name);
    assertThat(busy.exit()).as("%s", busy).isEqualTo(1);
    assertThat(busy.err()).contains("HTTP 400: code 1004");

    run(env, "cni", "cnis", "delete", cniId, "--wait");
    run(env, "cni", "interconnects", "delete", name, "--wait");
    assertThat(
            JSON.readTree(run(env, "cni", "interconnects", "list", "-o", "json").out())
                .path("items"))
        .isEmpty();
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    Run run = cli(env, null, args);
    assertThat(run.exit()).as("junction %s\n%s", String.join(" ", args), run).isZero();
    return run;
  }

  @Test
  void badFlagsAreNamedWithAShortUsage() throws Exception {
    Run unknown = cli("cic", "private-connections", "create", "--vlan", "5");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("junction cic private-connections create: Unknown option")
        .contains("'--vlan'")
        .contains("--vlan-id")
        .contains("Try 'junction cic private-connections create --help'");

    Run malformed = cli("cic", "pc", "create", "--vlan-id", "ten");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).contains("'--vlan-id'").contains("'ten'");

    Run format = cli("cni", "slots", "list", "-o", "xml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("'--output'").contains("[table, json, yaml]");

    Run timeout = cli("cic", "pc", "delete", "cpc1", "--wait", "--timeout", "soon");
    assertThat(timeout.exit()).isEqualTo(2);
    assertThat(timeout.err()).contains("'--timeout'").contains("is not a duration");
  }

  @Test
  void anUnreachableServerIsNamedWithTheProfile() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("XDG_CONFIG_HOME", dir.resolve("elsewhere").toString());
    Run set =
        cli(
            env,
            null,
            "profile",
            "set",
            "lab",
            "--url",
            "http://127.0.0.1:1",
            "--token-file",
            tokenFile.toString(),
            "--folder-id",
            FOLDER);
    assertThat(set.exit()).as("%s", set).isZero();
    Run refused = cli(env, null, "cic", "trunks", "list");
    assertThat(refused.exit()).as("%s", refused).isEqualTo(3);
    assertThat(refused.err())
        .contains("cannot reach the server at http://127.0.0.1:1 (profile \"lab\")");

    env.put("JUNCTION_PROFILE", "missing");
    Run missing = cli(env, null, "cic", "trunks", "list");
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).contains("profile \"missing\" (from JUNCTION_PROFILE)");

    // Flags win over the environment, which wins over the profile.
    env.put("JUNCTION_URL", "http://127.0.0.1:2");
    Run flag =
        cli(
            env,
            null,
            "cic",
            "trunks",
            "list",
            "--profile",
            "lab",
            "--url",
            "http://127.0.0.1:" + server.httpPort(),
            "-o",
            "json");
    assertThat(flag.exit()).as("%s", flag).isZero();
    assertThat(JSON.readTree(flag.out()).at("/trunkConnections/0/id").asText()).isEqualTo(TRUNK);
  }

  @Test
  void completionIsAScriptBashAccepts() throws Exception {
    Run completion = ok("completion", "bash");
    Path script = dir.resolve("junction-completion.bash");
    Files.writeString(script, completion.out());
    assertThat(completion.out()).contains("private-connections").contains("--peer-bgp-asn");
    Process check =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();
  }
}
