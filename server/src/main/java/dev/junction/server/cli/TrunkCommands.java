package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The Yandex API's trunks, and what one orders and places them with: trunk tickets, points of
 * presence and partners ({@code /cic/v1/trunkConnections}, {@code trunkConnectionTickets}, {@code
 * pointOfPresences}, {@code partners}).
 */
final class TrunkCommands {
  static final Table TRUNKS =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("NAME", "/name"),
          Table.field("FOLDER", "/folderId"),
          Table.field("POINT OF PRESENCE", "/pointOfPresenceId"),
          Table.computed(
              "JOINT",
              t ->
                  t.has("singlePortDirectJoint")
                      ? "port " + Table.text(t.at("/singlePortDirectJoint/portName"))
                      : t.has("lagDirectJoint")
                          ? "lag"
                          : t.has("partnerJointInfo")
                              ? "partner " + Table.text(t.at("/partnerJointInfo/partnerId"))
                              : ""),
          Table.field("CAPACITY", "/capacity"),
          Table.field("DELETION PROTECTION", "/deletionProtection"),
          Table.field("STATUS", "/status"));

  static final Table TICKETS =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("NAME", "/spec/name"),
          Table.field("FOLDER", "/folderId"),
          Table.field("POINT OF PRESENCE", "/spec/pointOfPresenceId"),
          Table.field("CAPACITY", "/spec/capacity"),
          Table.field("SUPPORT TICKET", "/supportTicketId"),
          Table.field("TRUNK", "/trunkConnectionId"),
          Table.field("STATUS", "/status"));

  static final Table POINTS_OF_PRESENCE =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("NAME", "/name"),
          Table.field("ADDRESS", "/locationAddress"),
          Table.field("CONNECTION POINTS", "/connectionPoints"));

  static final Table PARTNERS =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("NAME", "/name"),
          Table.field("POINTS OF PRESENCE", "/popIds"),
          Table.field("STATUS", "/status"));

  private TrunkCommands() {}

  /** {@code junction cic trunks}. */
  @Command(
      name = "trunks",
      mixinStandardHelpOptions = true,
      description =
          "Trunk connections: get, list, update, delete, move, private-connections, operations"
              + " (order a new one with trunk-tickets create).")
  static final class Trunks implements Runnable {
    private static final String PATH = "/cic/v1/trunkConnections";

    @ParentCommand CicCommand cic;

    @Override
    public void run() {
      throw CliException.usage(
          "Missing a command: get, list, update, delete, move, private-connections or operations");
    }

    private static String path(String id) {
      return PATH + "/" + Api.segment(id);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a trunk.")
    int get(@Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id) {
      Session session = cic.session();
      session.printer().one(session.api().get(path(id)), TRUNKS);
      return 0;
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists a folder's trunks.")
    int list(
        @Option(
                names = "--folder-id",
                paramLabel = "ID",
                description = "The folder (default: the profile's).")
            String folderId,
        @Option(names = "--filter", description = "e.g. name=\"fra\" (only name can be filtered).")
            String filter,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      Session session = cic.session();
      return Lists.yandex(
          session,
          PATH,
          Api.params("folderId", session.folderId(folderId), "filter", filter),
          "trunkConnections",
          pageSize,
          pageToken,
          TRUNKS);
    }

    @Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = "Changes the fields given (the update mask is made of the flags).")
    int update(
        @Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id,
        @Option(names = "--name") String name,
        @Option(names = "--description") String description,
        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
            Map<String, String> labels,
        @Option(
                names = "--deletion-protection",
                paramLabel = "true|false",
                arity = "1",
                description = "Whether the trunk refuses to be deleted.")
            Boolean deletionProtection,
        @Mixin WaitOptions wait) {
      Session session = cic.session();
      ObjectNode body = Api.JSON.createObjectNode();
      List<String> mask = new ArrayList<>();
      if (name != null) {
        body.put("name", name);
        mask.add("name");
      }
      if (description != null) {
        body.put("description", description);
        mask.add("description");
      }
      if (labels != null) {
        ObjectNode node = body.putObject("labels");
        labels.forEach(node::put);
        mask.add("labels");
      }
      if (deletionProtection != null) {
        body.put("deletionProtection", deletionProtection);
        mask.add("deletion_protection");
      }
      if (mask.isEmpty()) {
        throw CliException.usage(
            "nothing to update: give --name, --description, --label or --deletion-protection");
      }
      body.put("updateMask", String.join(",", mask));
      return YandexOperations.finish(
          session, session.api().call("PATCH", path(id), body), wait, TRUNKS);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a trunk.")
    int delete(@Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id, @Mixin WaitOptions wait) {
      Session session = cic.session();
      return YandexOperations.finish(
          session, session.api().call("DELETE", path(id), null), wait, null);
    }

    @Command(
        name = "move",
        mixinStandardHelpOptions = true,
        description = "Moves a trunk to another folder.")
    int move(
        @Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id,
        @Option(names = "--destination-folder-id", paramLabel = "ID", required = true)
            String destination,
        @Mixin WaitOptions wait) {
      Session session = cic.session();
      ObjectNode body = Api.JSON.createObjectNode().put("destinationFolderId", destination);
      return YandexOperations.finish(
          session, session.api().call("POST", path(id) + ":move", body), wait, TRUNKS);
    }

    @Command(
        name = "private-connections",
        mixinStandardHelpOptions = true,
        description = "Lists the private connections on a trunk.")
    int privateConnections(
        @Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id,
        @Option(names = "--filter") String filter,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      return Lists.yandex(
          cic.session(),
          path(id) + "/privateConnections",
          Api.params("filter", filter),
          "privateConnections",
          pageSize,
          pageToken,
          PrivateConnectionCommands.TABLE);
    }

    @Command(
        name = "operations",
        mixinStandardHelpOptions = true,
        description = "Lists the operations of a trunk, newest first.")
    int operations(
        @Parameters(paramLabel = "TRUNK_CONNECTION_ID") String id,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      return Lists.yandex(
          cic.session(),
          path(id) + "/operations",
          Api.params(),
          "operations",
          pageSize,
          pageToken,
          YandexOperations.TABLE);
    }
  }

  /** {@code junction cic trunk-tickets}. */
  @Command(
      name = "trunk-tickets",
      mixinStandardHelpOptions = true,
      description =
          "Trunk tickets, which order a trunk that the provider approves: create, get, list,"
              + " revoke.")
  static final class Tickets implements Runnable {
    private static final String PATH = "/cic/v1/trunkConnectionTickets";

    @ParentCommand CicCommand cic;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: create, get, list or revoke");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Orders a trunk.")
    int create(
        @Option(
                names = "--folder-id",
                paramLabel = "ID",
                description = "The folder (default: the profile's).")
            String folderId,
        @Option(names = "--name") String name,
        @Option(names = "--description") String description,
        @Option(
                names = "--capacity",
                paramLabel = "CAPACITY",
                description = "e.g. CAPACITY_10_GBPS.")
            String capacity,
        @Option(names = "--point-of-presence-id", paramLabel = "ID") String pointOfPresenceId,
        @Option(names = "--user-message", paramLabel = "TEXT") String userMessage,
        @Option(names = "--label", paramLabel = "KEY=VALUE") Map<String, String> labels,
        @Option(names = "--deletion-protection") boolean deletionProtection,
        @Mixin WaitOptions wait) {
      Session session = cic.session();
      ObjectNode body = Api.JSON.createObjectNode().put("folderId", session.folderId(folderId));
      ObjectNode spec = body.putObject("spec");
      if (name != null) {
        spec.put("name", name);
      }
      if (description != null) {
        spec.put("description", description);
      }
      if (capacity != null) {
        spec.put("capacity", capacity);
      }
      if (pointOfPresenceId != null) {
        spec.put("pointOfPresenceId", pointOfPresenceId);
      }
      if (userMessage != null) {
        spec.put("userMessage", userMessage);
      }
      if (labels != null) {
        ObjectNode node = spec.putObject("labels");
        labels.forEach(node::put);
      }
      if (deletionProtection) {
        spec.put("deletionProtection", true);
      }
      return YandexOperations.finish(
          session, session.api().call("POST", PATH, body), wait, TICKETS);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a ticket.")
    int get(@Parameters(paramLabel = "TICKET_ID") String id) {
      Session session = cic.session();
      session.printer().one(session.api().get(PATH + "/" + Api.segment(id)), TICKETS);
      return 0;
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists a folder's tickets.")
    int list(
        @Option(names = "--folder-id", paramLabel = "ID") String folderId,
        @Option(names = "--filter") String filter,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      Session session = cic.session();
      return Lists.yandex(
          session,
          PATH,
          Api.params("folderId", session.folderId(folderId), "filter", filter),
          "trunkConnectionTickets",
          pageSize,
          pageToken,
          TICKETS);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraws a ticket.")
    int revoke(@Parameters(paramLabel = "TICKET_ID") String id, @Mixin WaitOptions wait) {
      Session session = cic.session();
      JsonNode operation =
          session
              .api()
              .call("POST", PATH + "/" + Api.segment(id) + ":revoke", Api.JSON.createObjectNode());
      return YandexOperations.finish(session, operation, wait, TICKETS);
    }
  }

  /** {@code junction cic points-of-presence}. */
  @Command(
      name = "points-of-presence",
      mixinStandardHelpOptions = true,
      description = "Points of presence: get, list.")
  static final class PointsOfPresence implements Runnable {
    @ParentCommand CicCommand cic;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: get or list");
    }

    @Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Shows a point of presence.")
    int get(@Parameters(paramLabel = "POINT_OF_PRESENCE_ID") String id) {
      Session session = cic.session();
      session
          .printer()
          .one(
              session.api().get("/cic/v1/pointOfPresences/" + Api.segment(id)), POINTS_OF_PRESENCE);
      return 0;
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the points of presence.")
    int list(
        @Option(names = "--filter") String filter,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      return Lists.yandex(
          cic.session(),
          "/cic/v1/pointOfPresences",
          Api.params("filter", filter),
          "pointOfPresences",
          pageSize,
          pageToken,
          POINTS_OF_PRESENCE);
    }
  }

  /** {@code junction cic partners}. */
  @Command(name = "partners", mixinStandardHelpOptions = true, description = "Partners: get, list.")
  static final class Partners implements Runnable {
    @ParentCommand CicCommand cic;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: get or list");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a partner.")
    int get(@Parameters(paramLabel = "PARTNER_ID") String id) {
      Session session = cic.session();
      session.printer().one(session.api().get("/cic/v1/partners/" + Api.segment(id)), PARTNERS);
      return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the partners.")
    int list(
        @Option(names = "--filter") String filter,
        @Option(names = "--page-size", paramLabel = "N") Long pageSize,
        @Option(names = "--page-token", paramLabel = "TOKEN") String pageToken) {
      return Lists.yandex(
          cic.session(),
          "/cic/v1/partners",
          Api.params("filter", filter),
          "partners",
          pageSize,
          pageToken,
          PARTNERS);
    }
  }
}
