package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code junction cni}: the Cloudflare Network Interconnects vocabulary, over {@code
 * /client/v4/accounts/{account_id}/cni/...} exactly as the SDKs call it.
 */
@Command(
    name = "cni",
    mixinStandardHelpOptions = true,
    description =
        "Network interconnects in the Cloudflare vocabulary (/client/v4/accounts/{account_id}/cni).",
    subcommands = {
      InterconnectCommands.class,
      CniResourceCommands.class,
      CniCommand.Slots.class,
      CniCommand.Settings.class
    })
public final class CniCommand implements Runnable {
  @Mixin ClientOptions options;

  @Option(
      names = "--account-id",
      scope = ScopeType.INHERIT,
      paramLabel = "ACCOUNT_ID",
      description = "The account (default: $JUNCTION_ACCOUNT_ID, else the profile's accountId).")
  String accountId;

  private Session session;

  Session session() {
    if (session == null) {
      session = new Session(options, Map.copyOf(System.getenv()));
    }
    return session;
  }

  /** The account's base path, {@code /client/v4/accounts/{account_id}/cni}. */
  String base() {
    return "/client/v4/accounts/" + Api.segment(session().accountId(accountId)) + "/cni";
  }

  @Override
  public void run() {
    throw CliException.usage("Missing a command: interconnects, cnis, slots or settings");
  }

  static final Table SLOTS =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("SITE", "/site"),
          Table.field("FACILITY", "/facility/name"),
          Table.field("SPEED", "/speed"),
          Table.field("OCCUPIED", "/occupied"),
          Table.field("ACCOUNT", "/account"));

  static final Table SETTINGS = Table.of(Table.field("DEFAULT ASN", "/default_asn"));

  /** {@code junction cni slots}. */
  @Command(
      name = "slots",
      mixinStandardHelpOptions = true,
      description = "Slots, the provider's ports an interconnect can take: get, list.")
  static final class Slots implements Runnable {
    @ParentCommand CniCommand cni;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: get or list");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a slot.")
    int get(@picocli.CommandLine.Parameters(paramLabel = "SLOT_ID") String id) {
      Session session = cni.session();
      session.printer().one(session.api().get(cni.base() + "/slots/" + Api.segment(id)), SLOTS);
      return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists slots.")
    int list(
        @Option(names = "--address-contains", paramLabel = "TEXT") String addressContains,
        @Option(names = "--site") String site,
        @Option(names = "--speed", description = "e.g. 10G") String speed,
        @Option(names = "--occupied", paramLabel = "true|false", arity = "1") Boolean occupied,
        @Option(names = "--limit", paramLabel = "N", description = "One page of N.") Integer limit,
        @Option(names = "--cursor", paramLabel = "N", description = "The page to show.")
            Integer cursor) {
      return Lists.cloudflare(
          cni.session(),
          cni.base() + "/slots",
          Api.params(
              "address_contains",
              addressContains,
              "site",
              site,
              "speed",
              speed,
              "occupied",
              occupied),
          limit,
          cursor,
          SLOTS);
    }
  }

  /** {@code junction cni settings}. */
  @Command(
      name = "settings",
      mixinStandardHelpOptions = true,
      description = "The account's settings: get, update.")
  static final class Settings implements Runnable {
    @ParentCommand CniCommand cni;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: get or update");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows the settings.")
    int get() {
      Session session = cni.session();
      session.printer().one(session.api().get(cni.base() + "/settings"), SETTINGS);
      return 0;
    }

    @Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description =
            "Changes the settings; they apply at once, to BGP sessions made from then on.")
    int update(
        @Option(
                names = "--default-asn",
                paramLabel = "ASN",
                required = true,
                description = "The provider ASN of new BGP sessions: 13335 or 64512-65534.")
            long defaultAsn) {
      Session session = cni.session();
      ObjectNode body = Api.JSON.createObjectNode().put("default_asn", defaultAsn);
      JsonNode answer = session.api().call("PUT", cni.base() + "/settings", body);
      session.printer().one(answer, SETTINGS);
      return 0;
    }
  }
}
