package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * {@code junction cic private-connections}: every method of PrivateConnectionService over {@code
 * /cic/v1/privateConnections}. Flags are the API's fields in kebab-case.
 */
@Command(
    name = "private-connections",
    aliases = "pc",
    mixinStandardHelpOptions = true,
    description =
        "Private connections: create, get, list, update, delete, move, upsert-static-routes,"
            + " remove-static-routes, operations.")
final class PrivateConnectionCommands implements Runnable {
  private static final String PATH = "/cic/v1/privateConnections";

  static final Table TABLE =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("NAME", "/name"),
          Table.field("FOLDER", "/folderId"),
          Table.field("TRUNK", "/trunkConnectionId"),
          Table.field("VLAN", "/vlanId"),
          Table.field("PEERING SUBNET", "/ipv4Peering/peeringSubnet"),
          Table.field("PEER IP", "/ipv4Peering/peerIp"),
          Table.field("CLOUD IP", "/ipv4Peering/cloudIp"),
          Table.field("PEER ASN", "/ipv4Peering/peerBgpAsn"),
          Table.field("STATIC ROUTES", "/ipv4StaticRoutes"),
          Table.field("STATUS", "/status"));

  @ParentCommand CicCommand cic;

  @Override
  public void run() {
    throw CliException.usage(
        "Missing a command: create, get, list, update, delete, move, upsert-static-routes,"
            + " remove-static-routes or operations");
  }

  /** The fields of a connection that create and update take, as flags. */
  static final class Fields {
    @Option(names = "--name", description = "The name: 1-63 letters, digits, '-', '_'.")
    String name;

    @Option(names = "--description", description = "At most 256 characters.")
    String description;

    @Option(names = "--trunk-connection-id", paramLabel = "ID", description = "The trunk.")
    String trunkConnectionId;

    @Option(names = "--vlan-id", paramLabel = "N", description = "The VLAN on the trunk, 2-4000.")
    Long vlanId;

    @Option(
        names = "--peering-subnet",
        paramLabel = "CIDR",
        description = "A private IPv4 /30 or /31, e.g. 169.254.10.0/30.")
    String peeringSubnet;

    @Option(names = "--peer-ip", paramLabel = "IP", description = "Your address in the subnet.")
    String peerIp;

    @Option(names = "--cloud-ip", paramLabel = "IP", description = "The cloud's address in it.")
    String cloudIp;

    @Option(names = "--peer-bgp-asn", paramLabel = "ASN", description = "Your BGP ASN.")
    Long peerBgpAsn;

    @Option(
        names = "--peer-bgp-md5-key",
        paramLabel = "KEY",
        description = "The BGP MD5 key (prefer --peer-bgp-md5-key-file: this stays in history).")
    String peerBgpMd5Key;

    @Option(
        names = "--peer-bgp-md5-key-file",
        paramLabel = "FILE",
        description = "A file holding the BGP MD5 key, or - to read it from standard input.")
    String peerBgpMd5KeyFile;

    @Option(
        names = "--static-route",
        paramLabel = "PREFIX",
        description = "An IPv4 prefix routed to you (repeatable).")
    List<String> staticRoutes;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    Map<String, String> labels;

    /** The MD5 key from the flag or the file, or null. */
    String md5Key() {
      if (peerBgpMd5Key != null && peerBgpMd5KeyFile != null) {
        throw CliException.usage(
            "--peer-bgp-md5-key and --peer-bgp-md5-key-file cannot be given together");
      }
      return peerBgpMd5KeyFile != null
          ? Session.secret(peerBgpMd5KeyFile, "--peer-bgp-md5-key-file")
          : peerBgpMd5Key;
    }

    /** Puts the fields given into {@code body}, and their paths into {@code mask}. */
    void fill(ObjectNode body, List<String> mask) {
      if (name != null) {
        body.put("name", name);
        mask.add("name");
      }
      if (description != null) {
        body.put("description", description);
        mask.add("description");
      }
      if (trunkConnectionId != null) {
        body.put("trunkConnectionId", trunkConnectionId);
        mask.add("trunk_connection_id");
      }
      if (vlanId != null) {
        body.put("vlanId", vlanId.toString());
        mask.add("vlan_id");
      }
      ObjectNode peering = Api.JSON.createObjectNode();
      if (peeringSubnet != null) {
        peering.put("peeringSubnet", peeringSubnet);
        mask.add("ipv4_peering.peering_subnet");
      }
      if (peerIp != null) {
        peering.put("peerIp", peerIp);
        mask.add("ipv4_peering.peer_ip");
      }
      if (cloudIp != null) {
        peering.put("cloudIp", cloudIp);
        mask.add("ipv4_peering.cloud_ip");
      }
      if (peerBgpAsn != null) {
        peering.put("peerBgpAsn", peerBgpAsn.toString());
        mask.add("ipv4_peering.peer_bgp_asn");
      }
      String key = md5Key();
      if (key != null) {
        peering.put("peerBgpMd5Key", key);
        mask.add("ipv4_peering.peer_bgp_md5_key");
      }
      if (!peering.isEmpty()) {
        body.set("ipv4Peering", peering);
      }
      if (staticRoutes != null) {
        body.set("ipv4StaticRoutes", routes(staticRoutes));
        mask.add("ipv4_static_routes");
      }
      if (labels != null) {
        ObjectNode node = body.putObject("labels");
        labels.forEach(node::put);
        mask.add("labels");
      }
    }
  }

  static ArrayNode routes(List<String> prefixes) {
    ArrayNode array = Api.JSON.createArrayNode();
    prefixes.forEach(p -> array.addObject().put("prefix", p));
    return array;
  }

  private static String path(String id) {
    return PATH + "/" + Api.segment(id);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a private connection on a trunk.")
  int create(
      @Option(
              names = "--folder-id",
              paramLabel = "ID",
              description = "The folder (default: the profile's).")
          String folderId,
      @Mixin Fields fields,
      @Mixin WaitOptions wait) {
    Session session = cic.session();
    if (fields.trunkConnectionId == null) {
      throw CliException.usage("Missing required option: '--trunk-connection-id=ID'");
    }
    ObjectNode body = Api.JSON.createObjectNode().put("folderId", session.folderId(folderId));
    fields.fill(body, new ArrayList<>());
    JsonNode operation = session.api().call("POST", PATH, body);
    return YandexOperations.finish(session, operation, wait, TABLE);
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows a private connection.")
  int get(@Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id) {
    Session session = cic.session();
    session.printer().one(session.api().get(path(id)), TABLE);
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists the private connections of a folder (every page unless one is asked for).")
  int list(
      @Option(
              names = "--folder-id",
              paramLabel = "ID",
              description = "The folder (default: the profile's).")
          String folderId,
      @Option(
              names = "--filter",
              description = "e.g. name=\"db-link\" (only name can be filtered).")
          String filter,
      @Option(names = "--page-size", paramLabel = "N", description = "One page of N (0-1000).")
          Long pageSize,
      @Option(names = "--page-token", paramLabel = "TOKEN", description = "The page to show.")
          String pageToken) {
    Session session = cic.session();
    return Lists.yandex(
        session,
        PATH,
        Api.params("folderId", session.folderId(folderId), "filter", filter),
        "privateConnections",
        pageSize,
        pageToken,
        TABLE);
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Changes the fields given (and only those: the update mask is made of the flags).")
  int update(
      @Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id,
      @Mixin Fields fields,
      @Option(names = "--clear-static-routes", description = "Removes every static route.")
          boolean clearRoutes,
      @Option(names = "--clear-labels", description = "Removes every label.") boolean clearLabels,
      @Mixin WaitOptions wait) {
    Session session = cic.session();
    ObjectNode body = Api.JSON.createObjectNode();
    List<String> mask = new ArrayList<>();
    fields.fill(body, mask);
    if (clearRoutes) {
      if (fields.staticRoutes != null) {
        throw CliException.usage(
            "--clear-static-routes and --static-route cannot be given together");
      }
      body.putArray("ipv4StaticRoutes");
      mask.add("ipv4_static_routes");
    }
    if (clearLabels) {
      if (fields.labels != null) {
        throw CliException.usage("--clear-labels and --label cannot be given together");
      }
      body.putObject("labels");
      mask.add("labels");
    }
    if (mask.isEmpty()) {
      throw CliException.usage(
          "nothing to update: give at least one field to change (--name, --description,"
              + " --vlan-id, --peer-bgp-asn, --static-route, --label, ...)");
    }
    body.put("updateMask", String.join(",", mask));
    JsonNode operation = session.api().call("PATCH", path(id), body);
    return YandexOperations.finish(session, operation, wait, TABLE);
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a private connection.")
  int delete(@Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id, @Mixin WaitOptions wait) {
    Session session = cic.session();
    return YandexOperations.finish(
        session, session.api().call("DELETE", path(id), null), wait, null);
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description = "Moves a private connection to another folder.")
  int move(
      @Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id,
      @Option(names = "--destination-folder-id", paramLabel = "ID", required = true)
          String destination,
      @Mixin WaitOptions wait) {
    Session session = cic.session();
    ObjectNode body = Api.JSON.createObjectNode().put("destinationFolderId", destination);
    return YandexOperations.finish(
        session, session.api().call("POST", path(id) + ":move", body), wait, TABLE);
  }

  @Command(
      name = "upsert-static-routes",
      mixinStandardHelpOptions = true,
      description = "Adds static routes to a private connection (those it has stay).")
  int upsertStaticRoutes(
      @Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id,
      @Option(names = "--static-route", paramLabel = "PREFIX", required = true) List<String> routes,
      @Mixin WaitOptions wait) {
    return staticRoutes(id, ":upsertStaticRoutes", routes, wait);
  }

  @Command(
      name = "remove-static-routes",
      mixinStandardHelpOptions = true,
      description = "Removes static routes from a private connection.")
  int removeStaticRoutes(
      @Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id,
      @Option(names = "--static-route", paramLabel = "PREFIX", required = true) List<String> routes,
      @Mixin WaitOptions wait) {
    return staticRoutes(id, ":removeStaticRoutes", routes, wait);
  }

  private int staticRoutes(String id, String verb, List<String> routes, WaitOptions wait) {
    Session session = cic.session();
    ObjectNode body = Api.JSON.createObjectNode();
    body.set("ipv4StaticRoutes", routes(routes));
    return YandexOperations.finish(
        session, session.api().call("POST", path(id) + verb, body), wait, TABLE);
  }

  @Command(
      name = "operations",
      mixinStandardHelpOptions = true,
      description = "Lists the operations of a private connection, newest first.")
  int operations(
      @Parameters(paramLabel = "PRIVATE_CONNECTION_ID") String id,
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
