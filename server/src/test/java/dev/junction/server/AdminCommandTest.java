package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code junction admin} against a running server, found through its data directory: a tenant with
 * a folder, a user with a role and a token, a revocation, and the audit log that recorded it.
 */
class AdminCommandTest {
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

  /** Runs {@code junction admin ARGS} and returns what it printed, as JSON. */
  private static JsonNode admin(String... args) throws Exception {
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
    // The server logs to the same standard output in this JVM (its agents take their routers
    // over while the commands run): its lines are left out.
    String output =
        printed
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"))
            .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(exit).as(String.join(" ", args) + ": " + output).isZero();
    return RunningServer.JSON.readTree(output);
  }

  @Test
  void managesTenantsAndTokensAndReadsTheAuditLog() throws Exception {
    String tenant = admin("tenants", "create", "acme").path("id").asText();
    assertThat(admin("tenants", "add-scope", tenant, "cli-folder").path("scopes").get(0).asText())
        .isEqualTo("cli-folder");
    String principal =
        admin(
                "principals",
                "create",
                "--tenant",
                tenant,
                "--name",
                "ann",
                "--email",
                "ann@cli.test")
            .path("id")
            .asText();
    admin("grants", "add", principal, "--scope", "cli-folder", "--role", "viewer");
    JsonNode token = admin("tokens", "create", principal, "--name", "laptop", "--ttl", "1d");
    String secret = token.path("secret").asText();
    assertThat(token.path("token").path("expiresAt").asText()).isNotEmpty();
    assertThat(
            server
                .as(secret, "GET", "/cic/v1/privateConnections?folderId=cli-folder", null)
                .status())
        .isEqualTo(200);
    assertThat(admin("tokens", "list", "--principal", principal).toString()).doesNotContain(secret);

    admin("tokens", "revoke", token.path("token").path("id").asText());
    assertThat(server.as(secret, "GET", "/cic/v1/pointOfPresences", null).status()).isEqualTo(401);
    assertThat(admin("global-keys", "create", principal).path("globalKey").asText())
        .startsWith("jck_");

    JsonNode audit = null;
    for (int i = 0; i < 100; i++) {
      audit = admin("audit", "--page-size", "100");
      if (audit.toString().contains("denied: unauthenticated")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(audit.path("events").findValuesAsText("action"))
        .contains("POST /admin/v1/tenants", "POST /admin/v1/tokens");
    assertThat(audit.path("events").findValuesAsText("outcome"))
        .contains("denied: unauthenticated");
    assertThat(
            admin("audit", "--principal", "operator", "--page-size", "1")
                .path("nextPageToken")
                .asText())
        .isNotEmpty();
  }

  @Test
  void givesNewCnisSubnetsFromThePoolTheOperatorSets() throws Exception {
    assertThat(admin("pools", "show").path("prefix").asText()).isEqualTo("169.254.128.0/17");
    assertThat(admin("pools", "set", "10.77.0.0/30").path("prefix").asText())
        .isEqualTo("10.77.0.0/30");
    String account = "/client/v4/accounts/pool-acct/cni";
    RunningServer.Answer icon =
        server.post(
            account + "/interconnects",
            "{\"account\":\"pool-acct\",\"slot_id\":\"d14ad60b-4b32-4aed-9e68-fc607fc0f229\","
                + "\"type\":\"direct\"}");
    assertThat(icon.status()).as(icon.text()).isEqualTo(200);
    RunningServer.Answer cni =
        server.post(
            account + "/cnis",
            """
            {"account": "pool-acct", "interconnect": "%s",
             "magic": {"conduit_name": "c", "description": "d", "mtu": 1500}}
            """
                .formatted(icon.json().path("name").asText()));
    assertThat(cni.status()).as(cni.text()).isEqualTo(200);
    assertThat(cni.json().path("p2p_ip").asText()).isEqualTo("10.77.0.0/31");
    assertThat(cni.json().path("cust_ip").asText()).isEqualTo("10.77.0.1/31");
  }

  @Test
  void addsAPortToARouterAlreadyInTheCatalogue() throws Exception {
    Path file = dataDir.resolve("more-ports.yaml");
    java.nio.file.Files.writeString(
        file,
        """
        catalogue:
          ports:
            - {id: 5a0c2b6e-8f1d-4c3a-9b7e-2d4f6a8c0e11, router: edge-iad01-a, name: et-0/0/9,
               speed: 10G, transceiver: 10GBASE-LR}
        """);
    assertThat(admin("catalogue", "load", file.toString()).path("ports").asInt()).isEqualTo(1);
    RunningServer.Answer slot =
        server.get("/client/v4/accounts/any/cni/slots/5a0c2b6e-8f1d-4c3a-9b7e-2d4f6a8c0e11");
    assertThat(slot.status()).as(slot.text()).isEqualTo(200);
    assertThat(slot.json().path("site").asText()).isEqualTo("iad01");

    java.nio.file.Files.writeString(
        file,
        "ports:\n  - {id: 5a0c2b6e-8f1d-4c3a-9b7e-2d4f6a8c0e12, router: nowhere, name: x, speed: 10G,"
            + " transceiver: 10GBASE-LR}\n");
    RunningServer.Answer refused =
        server.call(
            "PUT",
            "/admin/v1/catalogue",
            "{\"ports\":[{\"id\":\"5a0c2b6e-8f1d-4c3a-9b7e-2d4f6a8c0e12\",\"router\":\"nowhere\","
                + "\"name\":\"x\",\"speed\":\"10G\",\"transceiver\":\"10GBASE-LR\"}]}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("message").asText()).contains("unknown router nowhere");
  }

  @Test
  void refusesATokenLifetimeItCannotKeep() throws Exception {
    String tenant = admin("tenants", "create", "ttl").path("id").asText();
    String principal =
        admin("principals", "create", "--tenant", tenant, "--name", "t").path("id").asText();
    RunningServer.Answer tooLong =
        server.post(
            "/admin/v1/tokens",
            "{\"principalId\":\"%s\",\"name\":\"t\",\"ttl\":\"99999999999999999999d\"}"
                .formatted(principal));
    assertThat(tooLong.status()).as(tooLong.text()).isEqualTo(400);
    RunningServer.Answer decades =
        server.post(
            "/admin/v1/tokens",
            "{\"principalId\":\"%s\",\"name\":\"t\",\"ttl\":\"9999999d\"}".formatted(principal));
    assertThat(decades.status()).as(decades.text()).isEqualTo(400);
    assertThat(decades.json().path("message").asText()).contains("ttl");
  }
}
