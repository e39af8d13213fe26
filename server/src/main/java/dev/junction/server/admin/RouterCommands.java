package dev.junction.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code junction admin routers} commands: the routers' network status, one router in detail, a
 * router's plan, and the credentials of the {@code junction agent} of each router.
 */
final class RouterCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most pages {@code plan} reads; a plan longer than that is cut, and says so. */
  static final int MAX_PLAN_PAGES = 1000;

  private RouterCommands() {}

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Command(
      name = "routers",
      mixinStandardHelpOptions = true,
      description = "Routers: their status, plans, and agent credentials.",
      subcommands = {Credentials.class})
  static final class Routers {
    @ParentCommand AdminCommand admin;

    @Command(name = "list", description = "Lists every router's network status.")
    int list() {
      return admin.send("GET", "/admin/v1/routers", null);
    }

    @Command(
        name = "show",
        description =
            "Shows a router: its status, agent, faults, a page of its subjects with their link and"
                + " BGP state, and its recent events.")
    int show(
        @Parameters(paramLabel = "ROUTER") String router,
        @Option(names = "--page-size", description = "Subjects per page (default 100).")
            String pageSize,
        @Option(names = "--page-token", description = "The nextPageToken of the previous page.")
            String pageToken) {
      StringBuilder path = new StringBuilder("/admin/v1/routers/" + segment(router));
      String separator = "?";
      if (pageSize != null) {
        path.append(separator).append("pageSize=").append(segment(pageSize));
        separator = "&";
      }
      if (pageToken != null) {
        path.append(separator).append("pageToken=").append(segment(pageToken));
      }
      return admin.send("GET", path.toString(), null);
    }

    @Command(
        name = "plan",
        description =
            "Shows what the router's agent would change on it, before anything is applied; MD5"
                + " keys are masked.")
    int plan(
        @Parameters(paramLabel = "ROUTER") String router,
        @Option(
                names = "--page-size",
                defaultValue = "500",
                description = "Subjects read per request (default: ${DEFAULT-VALUE}).")
            int pageSize) {
      try {
        ObjectNode plan = null;
        ArrayNode steps = JSON.createArrayNode();
        String token = "";
        int pages = 0;
        do {
          String path =
              "/admin/v1/routers/"
                  + segment(router)
                  + ":plan?pageSize="
                  + pageSize
                  + (token.isEmpty() ? "" : "&pageToken=" + segment(token));
          AdminCommand.Answer answer = admin.call("GET", path, null);
          if (!answer.ok()) {
            AdminCommand.print(answer.body());
            return 1;
          }
          if (plan == null) {
            plan = (ObjectNode) answer.body().deepCopy();
          }
          answer.body().path("steps").forEach(steps::add);
          token = answer.body().path("nextPageToken").asText("");
          pages++;
        } while (!token.isEmpty() && pages < MAX_PLAN_PAGES);
        plan.remove("nextPageToken");
        plan.set("steps", steps);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("add", 0);
        counts.put("change", 0);
        counts.put("remove", 0);
        for (JsonNode step : steps) {
          counts.merge(step.path("action").asText(), 1, Integer::sum);
        }
        ObjectNode summary = plan.putObject("summary");
        counts.forEach(summary::put);
        summary.put("header", plan.has("header"));
        if (!token.isEmpty()) {
          summary.put("cut", "the plan is longer than " + MAX_PLAN_PAGES + " pages");
        }
        AdminCommand.print(plan);
        return 0;
      } catch (IOException e) {
        return AdminCommand.failed(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }

  @Command(
      name = "credentials",
      mixinStandardHelpOptions = true,
      description = "The credentials a junction agent drives its router with.")
  static final class Credentials {
    @ParentCommand Routers routers;

    @Command(
        name = "issue",
        description =
            "Issues a credential for a router's agent; its secret is shown (or written) only this"
                + " once.")
    int issue(
        @Parameters(paramLabel = "ROUTER") String router,
        @Option(names = "--name", defaultValue = "agent", description = "What it is for.")
            String name,
        @Option(
                names = "--out",
                description =
                    "Writes the secret to this new file (mode 0600) instead of printing it, for"
                        + " junction agent --credential-file.")
            Path out) {
      AdminCommand admin = routers.admin;
      try {
        if (out != null && Files.exists(out)) {
          System.err.println("junction admin: " + out + " exists; choose another file");
          return 1;
        }
        AdminCommand.Answer answer =
            admin.call(
                "POST",
                "/admin/v1/routers/" + segment(router) + "/credentials",
                JSON.createObjectNode().put("name", name));
        if (!answer.ok() || out == null) {
          AdminCommand.print(answer.body());
          return answer.ok() ? 0 : 1;
        }
        String secret = answer.body().path("secret").asText();
        try {
          Files.createFile(
              out,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
          System.err.println("junction admin: " + out + " exists; choose another file");
          return 1;
        }
        Files.writeString(out, secret + "\n", StandardCharsets.US_ASCII);
        ObjectNode shown = JSON.createObjectNode();
        shown.set("credential", answer.body().path("credential"));
        shown.put("secretFile", out.toString());
        AdminCommand.print(shown);
        return 0;
      } catch (IOException e) {
        return AdminCommand.failed(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }

    @Command(name = "list", description = "Lists the credentials of a router, or of every router.")
    int list(@Parameters(paramLabel = "ROUTER", arity = "0..1") String router) {
      return routers.admin.send(
          "GET",
          router == null
              ? "/admin/v1/agentCredentials"
              : "/admin/v1/routers/" + segment(router) + "/credentials",
          null);
    }

    @Command(
        name = "revoke",
        description = "Revokes a credential: its agent is refused from its next call on.")
    int revoke(@Parameters(paramLabel = "CREDENTIAL_ID") String id) {
      return routers.admin.send("DELETE", "/admin/v1/agentCredentials/" + segment(id), null);
    }
  }
}
