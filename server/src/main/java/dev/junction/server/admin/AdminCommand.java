package dev.junction.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.server.auth.AdminToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code junction admin}: the operator's commands. They call the operator API of the server whose
 * data directory is given, using that server's port file and bootstrap admin token.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "Operator commands against a running server.",
    subcommands = {
      AdminCommand.Tickets.class,
      AdminCommand.PublicConnections.class,
      AdminCommand.Faults.class,
      AdminCommand.Observe.class,
      RouterCommands.Routers.class,
      AccessCommands.Tenants.class,
      AccessCommands.Principals.class,
      AccessCommands.Grants.class,
      AccessCommands.Tokens.class,
      AccessCommands.GlobalKeys.class,
      AccessCommands.AuditLog.class,
      AccessCommands.SecretKeys.class,
      AccessCommands.CatalogueFile.class,
      AccessCommands.Pools.class
    })
public final class AdminCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "The server's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--server", description = "The server's base URL (default: from the data dir).")
  String server;

  @Override
  public Integer call() {
    System.out.println(
        "Usage: junction admin [tickets|public-connections|faults|observe|routers|tenants|principals"
            + "|grants|tokens|global-keys|audit|secrets|catalogue|pools] ...");
    return 0;
  }

  /** An answer of the operator API: its HTTP status and its JSON body. */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  /** Calls the operator API and returns its answer. */
  Answer call(String method, String path, JsonNode body) throws IOException, InterruptedException {
    String base = server != null ? server : "http://127.0.0.1:" + httpPort();
    String token =
        AdminToken.read(dataDir.resolve(AdminToken.FILE_NAME))
            .orElseThrow(() -> new IOException("no admin token in " + dataDir));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  /** Calls the operator API, prints its answer, and returns the command's exit code. */
  int send(String method, String path, JsonNode body) {
    try {
      Answer answer = call(method, path, body);
      print(answer.body());
      return answer.ok() ? 0 : 1;
    } catch (IOException e) {
      return failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Prints {@code body} as indented JSON. */
  static void print(JsonNode body) throws IOException {
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
  }

  /** Says on standard error why a command failed, and returns its exit code. */
  static int failed(IOException e) {
    System.err.println("junction admin: " + e.getMessage());
    return 1;
  }

  private int httpPort() throws IOException {
    Path file = dataDir.resolve("server.json");
    if (!Files.exists(file)) {
      throw new IOException(
          "no running server found: " + file + " does not exist (start one with ./junction serve)");
    }
    return JSON.readTree(file.toFile()).path("httpPort").asInt();
  }

  @Command(name = "tickets", mixinStandardHelpOptions = true, description = "Trunk tickets.")
  static final class Tickets {
    @ParentCommand AdminCommand admin;

    @Command(name = "list", description = "Lists the tickets of a folder.")
    int list(@Option(names = "--folder", required = true) String folder) {
      return admin.send("GET", "/admin/v1/tickets?folderId=" + folder, null);
    }

    @Command(
        name = "approve",
        description = "Approves a ticket: a trunk is created on a free port.")
    int approve(@Parameters(paramLabel = "TICKET_ID") String id) {
      return admin.send("POST", "/admin/v1/tickets/" + id + ":approve", null);
    }

    @Command(name = "reject", description = "Rejects a ticket.")
    int reject(@Parameters(paramLabel = "TICKET_ID") String id) {
      return admin.send("POST", "/admin/v1/tickets/" + id + ":reject", null);
    }
  }

  @Command(
      name = "public-connections",
      mixinStandardHelpOptions = true,
      description = "Public connections, which only the operator creates.")
  static final class PublicConnections {
    @ParentCommand AdminCommand admin;

    @Command(name = "create", description = "Creates a public connection on a trunk.")
    int create(
        @Option(names = "--folder", required = true) String folder,
        @Option(names = "--trunk", required = true) String trunk,
        @Option(names = "--name", defaultValue = "") String name,
        @Option(names = "--vlan", required = true) long vlan,
        @Option(names = "--peering-subnet", required = true) String subnet,
        @Option(names = "--peer-ip", required = true) String peerIp,
        @Option(names = "--cloud-ip", required = true) String cloudIp,
        @Option(names = "--peer-asn", required = true) long peerAsn,
        @Option(names = "--service", description = "A public service, e.g. S3 (repeatable).")
            List<String> services,
        @Option(names = "--announced-prefix", description = "A customer prefix (repeatable).")
            List<String> prefixes) {
      ObjectNode body =
          JSON.createObjectNode()
              .put("folderId", folder)
              .put("trunkId", trunk)
              .put("name", name)
              .put("vlanId", vlan);
      body.putObject("peering")
          .put("peeringSubnet", subnet)
          .put("peerIp", peerIp)
          .put("cloudIp", cloudIp)
          .put("peerBgpAsn", peerAsn);
      if (services != null) {
        services.forEach(body.withArray("services")::add);
      }
      if (prefixes != null) {
        prefixes.forEach(body.withArray("announcedPrefixes")::add);
      }
      return admin.send("POST", "/admin/v1/publicConnections", body);
    }

    @Command(name = "delete", description = "Deletes a public connection.")
    int delete(@Parameters(paramLabel = "ID") String id) {
      return admin.send("DELETE", "/admin/v1/publicConnections/" + id, null);
    }
  }

  @Command(
      name = "faults",
      mixinStandardHelpOptions = true,
      description = "Faults in the simulated network.")
  static final class Faults {
    @ParentCommand AdminCommand admin;

    @Command(name = "list", description = "Lists the injected faults.")
    int list(
        @Option(names = "--router", description = "Only the faults of this router.")
            String router) {
      return admin.send(
          "GET",
          "/admin/v1/network/faults"
              + (router == null
                  ? ""
                  : "?router=" + URLEncoder.encode(router, StandardCharsets.UTF_8)),
          null);
    }

    @Command(name = "inject", description = "Injects a fault.")
    int inject(
        @Option(names = "--kind", required = true, description = "link, session or refusal")
            String kind,
        @Option(
                names = "--target",
                required = true,
                description = "interface name (link), attachment id (session), router id (refusal)")
            String target,
        @Option(names = "--reason", defaultValue = "injected by the operator") String reason,
        @Option(names = "--router", description = "Only into this router (a link on several).")
            String router) {
      ObjectNode body =
          JSON.createObjectNode().put("kind", kind).put("target", target).put("reason", reason);
      if (router != null) {
        body.put("router", router);
      }
      return admin.send("POST", "/admin/v1/network/faults", body);
    }

    @Command(name = "clear", description = "Clears a fault.")
    int clear(
        @Option(names = "--kind", required = true) String kind,
        @Option(names = "--target", required = true) String target,
        @Option(names = "--router", description = "Only in this router.") String router) {
      ObjectNode body = JSON.createObjectNode().put("kind", kind).put("target", target);
      if (router != null) {
        body.put("router", router);
      }
      return admin.send("DELETE", "/admin/v1/network/faults", body);
    }
  }

  @Command(
      name = "observe",
      mixinStandardHelpOptions = true,
      description = "Shows what the network last observed of a trunk or connection.")
  static final class Observe implements Callable<Integer> {
    @ParentCommand AdminCommand admin;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      return admin.send("GET", "/admin/v1/observations/" + id, null);
    }
  }
}
