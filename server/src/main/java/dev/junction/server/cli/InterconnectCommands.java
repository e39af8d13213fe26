package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code junction cni interconnects}: the {@code /interconnects} operations of the CNI API. */
@Command(
    name = "interconnects",
    mixinStandardHelpOptions = true,
    description = "Interconnects: create, get, list, delete, status, loa.")
final class InterconnectCommands implements Runnable {
  static final Table TABLE =
      Table.of(
          Table.field("NAME", "/name"),
          Table.field("TYPE", "/type"),
          Table.field("SITE", "/site"),
          Table.field("FACILITY", "/facility/name"),
          Table.field("SLOT", "/slot_id"),
          Table.field("REGION", "/region"),
          Table.field("SPEED", "/speed"),
          Table.field("OWNER", "/owner"));

  static final Table STATUS =
      Table.of(Table.field("STATE", "/state"), Table.field("REASON", "/reason"));

  @ParentCommand CniCommand cni;

  @Override
  public void run() {
    throw CliException.usage("Missing a command: create, get, list, delete, status or loa");
  }

  private String path(String name) {
    return cni.base() + "/interconnects/" + Api.segment(name);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates an interconnect: direct on a free slot (--slot-id), or gcp_partner"
              + " (--bandwidth, --pairing-key). With --wait, follows its status until Healthy.")
  int create(
      @Option(
              names = "--type",
              paramLabel = "TYPE",
              description =
                  "direct or gcp_partner (default: direct with --slot-id, else gcp_partner).")
          String type,
      @Option(names = "--slot-id", paramLabel = "SLOT_ID", description = "The slot (direct).")
          String slotId,
      @Option(names = "--speed", description = "The slot's speed, e.g. 10G (direct, optional).")
          String speed,
      @Option(names = "--bandwidth", description = "50M to 50G (gcp_partner).") String bandwidth,
      @Option(names = "--pairing-key", paramLabel = "KEY", description = "From GCP (gcp_partner).")
          String pairingKey,
      @Mixin WaitOptions wait) {
    Session session = cni.session();
    String kind = type != null ? type : slotId != null ? "direct" : "gcp_partner";
    String account = session.accountId(cni.accountId);
    ObjectNode body = Api.JSON.createObjectNode().put("account", account).put("type", kind);
    if (kind.equals("direct")) {
      if (slotId == null) {
        throw CliException.usage(
            "Missing required option: '--slot-id' (for a direct interconnect)");
      }
      if (bandwidth != null || pairingKey != null) {
        throw CliException.usage(
            "--bandwidth and --pairing-key are for gcp_partner interconnects, not direct ones");
      }
      body.put("slot_id", slotId);
      if (speed != null) {
        body.put("speed", speed);
      }
    } else {
      if (slotId != null || speed != null) {
        throw CliException.usage(
            "--slot-id and --speed are for direct interconnects, not " + kind + " ones");
      }
      if (bandwidth != null) {
        body.put("bandwidth", bandwidth);
      }
      if (pairingKey != null) {
        body.put("pairing_key", pairingKey);
      }
    }
    JsonNode created = session.api().call("POST", cni.base() + "/interconnects", body);
    if (wait.wait) {
      String name = created.path("name").asText();
      CloudflareWaits.healthy(session, path(name), name, wait);
    }
    session.printer().one(created, TABLE);
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows an interconnect.")
  int get(@Parameters(paramLabel = "NAME") String name) {
    Session session = cni.session();
    session.printer().one(session.api().get(path(name)), TABLE);
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists interconnects.")
  int list(
      @Option(names = "--site") String site,
      @Option(names = "--type", description = "direct or gcp_partner") String type,
      @Option(names = "--limit", paramLabel = "N", description = "One page of N.") Integer limit,
      @Option(names = "--cursor", paramLabel = "N", description = "The page to show.")
          Integer cursor) {
    return Lists.cloudflare(
        cni.session(),
        cni.base() + "/interconnects",
        Api.params("site", site, "type", type),
        limit,
        cursor,
        TABLE);
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes an interconnect and frees its slot (refused while it carries a CNI).")
  int delete(@Parameters(paramLabel = "NAME") String name, @Mixin WaitOptions wait) {
    Session session = cni.session();
    Api.Answer answer = session.api().exchange("DELETE", path(name), null);
    if (answer.stillApplying() && !wait.wait) {
      CloudflareWaits.accepted(answer);
      return 0;
    }
    if (!answer.ok() && !answer.stillApplying()) {
      throw Api.refused(answer);
    }
    if (wait.wait) {
      CloudflareWaits.until(
          session,
          path(name),
          "interconnect " + name + " deletion",
          wait,
          "junction cni interconnects get " + name,
          a -> a.status() == 404);
    }
    System.err.println("Deleted interconnect " + name + ".");
    return 0;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows an interconnect's health: Pending, Healthy, Unhealthy or Down.")
  int status(@Parameters(paramLabel = "NAME") String name) {
    Session session = cni.session();
    session.printer().one(session.api().get(path(name) + "/status"), STATUS);
    return 0;
  }

  @Command(
      name = "loa",
      mixinStandardHelpOptions = true,
      description = "Saves the letter of authorization (a PDF) of a direct interconnect.")
  int loa(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--name",
              paramLabel = "CUSTOMER",
              description = "The customer name printed on it (default: the account's).")
          String customer,
      @Option(
              names = "--file",
              paramLabel = "FILE",
              description = "Where to save it (default: NAME-loa.pdf; - for standard output).")
          String file) {
    Session session = cni.session();
    Api.Answer answer =
        session
            .api()
            .exchange("GET", path(name) + "/loa" + Api.query(Api.params("name", customer)), null);
    if (!answer.ok()) {
      throw Api.refused(answer);
    }
    String target = file != null ? file : name + "-loa.pdf";
    try {
      if (target.equals("-")) {
        System.out.write(answer.bytes());
        System.out.flush();
      } else {
        Files.write(Path.of(target), answer.bytes());
        System.err.println("Saved the letter of authorization to " + target + ".");
      }
    } catch (IOException e) {
      throw new CliException(
          "--file: cannot write " + target + ": " + e.getMessage(), CliException.REFUSED);
    }
    return 0;
  }
}
