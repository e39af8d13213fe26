package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code junction cni cnis}: the {@code /cnis} operations of the CNI API. A CNI's create, replace
 * and delete are answered once the network carried them out; {@code --wait} follows one that the
 * server answered as still being applied.
 */
@Command(
    name = "cnis",
    mixinStandardHelpOptions = true,
    description =
        "CNIs, the layer-3 link and BGP session on an interconnect: create, get, list,"
            + " update, delete.")
final class CniResourceCommands implements Runnable {
  static final Table TABLE =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("INTERCONNECT", "/interconnect"),
          Table.field("CONDUIT NAME", "/magic/conduit_name"),
          Table.field("MTU", "/magic/mtu"),
          Table.field("P2P IP", "/p2p_ip"),
          Table.field("CUSTOMER IP", "/cust_ip"),
          Table.field("CUSTOMER ASN", "/bgp/customer_asn"),
          Table.field("EXTRA PREFIXES", "/bgp/extra_prefixes"),
          Table.field("BGP MODE", "/bgp_mode"));

  @ParentCommand CniCommand cni;

  @Override
  public void run() {
    throw CliException.usage("Missing a command: create, get, list, update or delete");
  }

  private String path(String id) {
    return cni.base() + "/cnis/" + Api.segment(id);
  }

  /** The fields of a CNI as flags, for create and update. */
  static final class Fields {
    @Option(
        names = "--conduit-name",
        paramLabel = "NAME",
        description = "Its name, unique in the account.")
    String conduitName;

    @Option(names = "--description", description = "At most 256 characters.")
    String description;

    @Option(names = "--mtu", paramLabel = "N", description = "576-1500 (create default: 1500).")
    Integer mtu;

    @Option(
        names = "--customer-asn",
        paramLabel = "ASN",
        description = "Your BGP ASN: makes a BGP session.")
    Long customerAsn;

    @Option(
        names = "--extra-prefix",
        paramLabel = "PREFIX",
        description = "An IPv4 prefix you announce besides (repeatable).")
    List<String> extraPrefixes;

    @Option(
        names = "--md5-key",
        paramLabel = "KEY",
        description = "The BGP MD5 key (prefer --md5-key-file: this stays in history).")
    String md5Key;

    @Option(
        names = "--md5-key-file",
        paramLabel = "FILE",
        description = "A file holding the BGP MD5 key, or - to read it from standard input.")
    String md5KeyFile;

    @Option(
        names = "--bgp-mode",
        paramLabel = "MODE",
        description = "dynamic_route_exchange or advertise_only.")
    String bgpMode;

    /** Whether any field was given. */
    boolean any() {
      return conduitName != null
          || description != null
          || mtu != null
          || customerAsn != null
          || extraPrefixes != null
          || md5Key != null
          || md5KeyFile != null
          || bgpMode != null;
    }

    String md5() {
      if (md5Key != null && md5KeyFile != null) {
        throw CliException.usage("--md5-key and --md5-key-file cannot be given together");
      }
      return md5KeyFile != null ? Session.secret(md5KeyFile, "--md5-key-file") : md5Key;
    }

    /** Puts the fields given into {@code cni} (a new one, or one read to be replaced). */
    void fill(ObjectNode cni) {
      ObjectNode magic = cni.has("magic") ? (ObjectNode) cni.get("magic") : cni.putObject("magic");
      if (conduitName != null) {
        magic.put("conduit_name", conduitName);
      }
      if (description != null) {
        magic.put("description", description);
      }
      if (mtu != null) {
        magic.put("mtu", mtu);
      }
      String key = md5();
      if (customerAsn != null || extraPrefixes != null || key != null) {
        ObjectNode bgp =
            cni.has("bgp") && cni.get("bgp").isObject()
                ? (ObjectNode) cni.get("bgp")
                : cni.putObject("bgp");
        if (customerAsn != null) {
          bgp.put("customer_asn", customerAsn);
        }
        if (extraPrefixes != null) {
          ArrayNode prefixes = bgp.putArray("extra_prefixes");
          extraPrefixes.forEach(prefixes::add);
        }
        if (key != null) {
          bgp.put("md5_key", key);
        }
      }
      if (bgpMode != null) {
        cni.put("bgp_mode", bgpMode);
      }
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a CNI on an interconnect; the server assigns its /31 addresses.")
  int create(
      @Option(names = "--interconnect", paramLabel = "NAME", required = true) String interconnect,
      @Mixin Fields fields,
      @Mixin WaitOptions wait) {
    Session session = cni.session();
    if (fields.conduitName == null) {
      throw CliException.usage("Missing required option: '--conduit-name=NAME'");
    }
    ObjectNode body =
        Api.JSON
            .createObjectNode()
            .put("account", session.accountId(cni.accountId))
            .put("interconnect", interconnect);
    ObjectNode magic = body.putObject("magic");
    magic.put("description", "");
    magic.put("mtu", 1500);
    fields.fill(body);
    Api.Answer answer = session.api().exchange("POST", cni.base() + "/cnis", body);
    if (answer.stillApplying()) {
      if (!wait.wait) {
        CloudflareWaits.accepted(answer);
        return 0;
      }
      JsonNode found = awaitByConduit(session, fields.conduitName, wait);
      String id = found.path("id").asText();
      CloudflareWaits.applied(session, id, "cni " + id, wait);
      session.printer().one(session.api().get(path(id)), TABLE);
      return 0;
    }
    if (!answer.ok()) {
      throw Api.refused(answer);
    }
    if (wait.wait) {
      Progress.onStderr("cni " + answer.json().path("id").asText(), session.env()).done("applied");
    }
    session.printer().one(answer.json(), TABLE);
    return 0;
  }

  /** Lists the account's CNIs until the one with {@code conduit} shows, and returns it. */
  private JsonNode awaitByConduit(Session session, String conduit, WaitOptions wait) {
    Poller poller = new Poller(wait.timeout);
    Progress progress = Progress.onStderr("cni " + conduit, session.env());
    while (true) {
      for (JsonNode item : session.api().get(cni.base() + "/cnis?limit=1000").path("items")) {
        if (conduit.equals(item.at("/magic/conduit_name").asText())) {
          progress.done("found " + item.path("id").asText());
          return item;
        }
      }
      progress.state("being applied");
      if (!poller.pause(progress)) {
        progress.done("still being applied");
        throw new CliException(
            "gave up waiting for cni "
                + conduit
                + " after --timeout "
                + wait.timeout.toSeconds()
                + "s; it goes on on the server: see `junction cni cnis list`",
            CliException.TIMED_OUT);
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a CNI.")
  int get(@Parameters(paramLabel = "CNI_ID") String id) {
    Session session = cni.session();
    session.printer().one(session.api().get(path(id)), TABLE);
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists CNIs.")
  int list(
      @Option(
              names = "--slot",
              paramLabel = "SLOT_ID",
              description = "Those on the interconnect holding this slot.")
          String slot,
      @Option(names = "--tunnel-id", paramLabel = "ID", description = "The one with this id.")
          String tunnelId,
      @Option(names = "--limit", paramLabel = "N", description = "One page of N.") Integer limit,
      @Option(names = "--cursor", paramLabel = "N", description = "The page to show.")
          Integer cursor) {
    return Lists.cloudflare(
        cni.session(),
        cni.base() + "/cnis",
        Api.params("slot", slot, "tunnel_id", tunnelId),
        limit,
        cursor,
        TABLE);
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Changes the fields given: reads the CNI, changes them, and sends it back whole (PUT).")
  int update(
      @Parameters(paramLabel = "CNI_ID") String id,
      @Mixin Fields fields,
      @Option(names = "--no-bgp", description = "Removes the BGP session.") boolean noBgp,
      @Mixin WaitOptions wait) {
    Session session = cni.session();
    JsonNode current = session.api().get(path(id));
    if (!current.isObject()) {
      throw new CliException("the server answered the CNI " + id + " without a body", 1);
    }
    ObjectNode body = ((ObjectNode) current).deepCopy();
    if (noBgp) {
      if (fields.customerAsn != null
          || fields.extraPrefixes != null
          || fields.md5Key != null
          || fields.md5KeyFile != null) {
        throw CliException.usage("--no-bgp cannot be given with BGP fields");
      }
      body.remove("bgp");
    }
    fields.fill(body);
    if (!noBgp && !fields.any()) {
      throw CliException.usage(
          "nothing to update: give at least one field to change (--conduit-name, --description,"
              + " --mtu, --customer-asn, --extra-prefix, --md5-key-file, --bgp-mode, --no-bgp)");
    }
    Api.Answer answer = session.api().exchange("PUT", path(id), body);
    if (answer.stillApplying()) {
      if (!wait.wait) {
        CloudflareWaits.accepted(answer);
        return 0;
      }
      CloudflareWaits.applied(session, id, "cni " + id, wait);
      session.printer().one(session.api().get(path(id)), TABLE);
      return 0;
    }
    if (!answer.ok()) {
      throw Api.refused(answer);
    }
    session.printer().one(answer.json(), TABLE);
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a CNI.")
  int delete(@Parameters(paramLabel = "CNI_ID") String id, @Mixin WaitOptions wait) {
    Session session = cni.session();
    Api.Answer answer = session.api().exchange("DELETE", path(id), null);
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
          path(id),
          "cni " + id + " deletion",
          wait,
          "junction cni cnis get " + id,
          a -> a.status() == 404);
    }
    System.err.println("Deleted CNI " + id + ".");
    return 0;
  }
}
