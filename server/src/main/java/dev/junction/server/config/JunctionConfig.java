package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.network.simulated.SimulatedTimings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole configuration of a Junction server, as read from the operator's YAML file. Every
 * setting has a default; {@code config/junction.yaml} in the repository documents them all.
 *
 * @param demoTrunks trunks that exist from the first start, so the API can be tried at once
 */
public record JunctionConfig(
    ServerSettings server,
    StoreSettings store,
    NetworkSettings network,
    WorkerSettings worker,
    CoreConfig core,
    CniSettings cni,
    String providerName,
    CatalogueSettings catalogue,
    List<Trunk> demoTrunks) {
  public JunctionConfig {
    requireNonNull(server, "server");
    requireNonNull(store, "store");
    requireNonNull(network, "network");
    requireNonNull(worker, "worker");
    requireNonNull(core, "core");
    requireNonNull(cni, "cni");
    requireNonNull(providerName, "providerName");
    requireNonNull(catalogue, "catalogue");
    demoTrunks = List.copyOf(demoTrunks);
  }

  /** Where the server listens and how it names itself to clients. */
  public record ServerSettings(
      int httpPort, int grpcPort, String publicAddress, String adminEmail) {}

  /**
   * How Cloudflare-style network interconnects are set up.
   *
   * @param gcpPartner the catalogue partner {@code gcp_partner} interconnects go through
   * @param defaultAsn the provider ASN of an account that chose none
   */
  public record CniSettings(String gcpPartner, Asn defaultAsn) {}

  /** Which database holds the state: the embedded SQLite file, or a shared PostgreSQL. */
  public record StoreSettings(String engine, String url, String user, String password) {
    public boolean isPostgresql() {
      return engine.equals("postgresql");
    }

    @Override
    public String toString() {
      return "StoreSettings[engine=" + engine + ", url=" + url + ", user=" + user + "]";
    }
  }

  /** How the network is driven and how often routers are looked at. */
  public record NetworkSettings(
      String driver, SimulatedTimings simulated, Duration pollInterval, Duration resyncInterval) {}

  /** How the operation worker polls and leases. */
  public record WorkerSettings(Duration pollInterval, Duration leaseDuration) {}

  /** The operator's catalogue. */
  public record CatalogueSettings(
      List<PointOfPresence> pointsOfPresence,
      List<Partner> partners,
      List<Router> routers,
      List<Port> ports) {}

  /** Returns this configuration listening on {@code httpPort} and {@code grpcPort}. */
  public JunctionConfig withPorts(int httpPort, int grpcPort) {
    return new JunctionConfig(
        new ServerSettings(httpPort, grpcPort, server.publicAddress(), server.adminEmail()),
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks);
  }

  /** Returns this configuration with the core settings {@code newCore}. */
  public JunctionConfig withCore(CoreConfig newCore) {
    return new JunctionConfig(
        server, store, network, worker, newCore, cni, providerName, catalogue, demoTrunks);
  }

  /** Reads the configuration file at {@code file}. */
  public static JunctionConfig read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read the configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the default configuration that ships inside the server. */
  public static JunctionConfig defaults() {
    try (InputStream in = JunctionConfig.class.getResourceAsStream("/junction.yaml")) {
      if (in == null) {
        throw new ConfigException("the built-in default configuration is missing");
      }
      return parse(in, "the built-in default configuration");
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in default configuration", e);
    }
  }

  static JunctionConfig parse(InputStream in, String source) {
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new ConfigException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    ConfigNode root = new ConfigNode(tree == null ? MissingRoot.NODE : tree, "");
    JunctionConfig config = read(root);
    root.rejectUnknown();
    return config;
  }

  private static final class MissingRoot {
    static final JsonNode NODE = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static JunctionConfig read(ConfigNode root) {
    ConfigNode serverNode = root.child("server");
    int httpPort = port(serverNode, "httpPort", 8080);
    ServerSettings server =
        new ServerSettings(
            httpPort,
            port(serverNode, "grpcPort", httpPort),
            serverNode.string("publicAddress", ""),
            serverNode.string("adminEmail", "admin@junction.local"));
    serverNode.rejectUnknown();

    ConfigNode storeNode = root.child("store");
    String engine = storeNode.string("engine", "sqlite");
    if (!engine.equals("sqlite") && !engine.equals("postgresql")) {
      throw new ConfigException(storeNode.at("engine") + ": must be sqlite or postgresql");
    }
    ConfigNode postgres = storeNode.child("postgresql");
    StoreSettings store =
        new StoreSettings(
            engine,
            postgres.string("url", ""),
            postgres.string("user", ""),
            postgres.string("password", ""));
    if (store.isPostgresql() && store.url().isEmpty()) {
      throw new ConfigException(postgres.at("url") + ": is required when the engine is postgresql");
    }
    postgres.rejectUnknown();
    storeNode.rejectUnknown();

    ConfigNode networkNode = root.child("network");
    String driver = networkNode.string("driver", "simulated");
    if (!driver.equals("simulated")) {
      throw new ConfigException(networkNode.at("driver") + ": must be simulated");
    }
    ConfigNode simulatedNode = networkNode.child("simulated");
    SimulatedTimings defaults = SimulatedTimings.DEFAULTS;
    NetworkSettings network =
        new NetworkSettings(
            driver,
            new SimulatedTimings(
                simulatedNode.duration("applyDelay", defaults.apply()),
                simulatedNode.duration("linkUpDelay", defaults.linkUp()),
                simulatedNode.duration("bgpEstablishDelay", defaults.bgpEstablish())),
            networkNode.duration("pollInterval", Duration.ofMillis(100)),
            networkNode.duration("resyncInterval", Duration.ofSeconds(10)));
    simulatedNode.rejectUnknown();
    networkNode.rejectUnknown();

    ConfigNode operationsNode = root.child("operations");
    CoreConfig coreDefaults = CoreConfig.DEFAULTS;
    Duration timeout = operationsNode.duration("timeout", coreDefaults.operationTimeout());
    Duration networkWait =
        operationsNode.duration("networkPollInterval", coreDefaults.networkPollInterval());
    WorkerSettings worker =
        new WorkerSettings(
            operationsNode.duration("pollInterval", Duration.ofMillis(200)),
            operationsNode.duration("leaseDuration", Duration.ofSeconds(10)));
    operationsNode.rejectUnknown();

    ConfigNode cloudNode = root.child("cloud");
    long cloudAsn = cloudNode.longInteger("bgpAsn", coreDefaults.cloudAsn().value());
    if (Asn.of(cloudAsn).isEmpty() || cloudAsn == 0) {
      throw new ConfigException(cloudNode.at("bgpAsn") + ": must be between 1 and " + Asn.MAX);
    }
    cloudNode.rejectUnknown();

    ConfigNode quotasNode = root.child("quotas");
    Quotas quotaDefaults = Quotas.DEFAULTS;
    Quotas quotas =
        new Quotas(
            nonNegative(quotasNode, "trunksPerFolder", quotaDefaults.trunksPerScope()),
            nonNegative(quotasNode, "privateConnectionsPerTrunk", quotaDefaults.privatePerTrunk()),
            nonNegative(quotasNode, "publicConnectionsPerTrunk", quotaDefaults.publicPerTrunk()),
            nonNegative(
                quotasNode,
                "staticRoutesPerConnection",
                quotaDefaults.staticRoutesPerAttachment()));
    quotasNode.rejectUnknown();

    ConfigNode cniNode = root.child("cni");
    String poolText = cniNode.string("p2pPool", coreDefaults.p2pPool().toString());
    Ipv4Prefix pool =
        Ipv4Prefix.parse(poolText)
            .filter(p -> !p.hasHostBitsSet() && p.length() <= 31)
            .orElseThrow(
                () ->
                    new ConfigException(
                        cniNode.at("p2pPool")
                            + ": must be an IPv4 prefix of /31 or shorter with host bits zero"));
    long defaultAsn = cniNode.longInteger("defaultAsn", 13_335);
    if (Asn.of(defaultAsn).isEmpty() || defaultAsn == 0) {
      throw new ConfigException(cniNode.at("defaultAsn") + ": must be between 1 and " + Asn.MAX);
    }
    CniSettings cni = new CniSettings(cniNode.string("gcpPartner", "gcp"), new Asn(defaultAsn));
    cniNode.rejectUnknown();

    ConfigNode providerNode = root.child("provider");
    String providerName = providerNode.string("name", "Junction Example Networks");
    providerNode.rejectUnknown();

    ConfigNode ticketsNode = root.child("tickets");
    CoreConfig core =
        new CoreConfig(
            quotas,
            new Asn(cloudAsn),
            timeout,
            networkWait,
            ticketsNode.duration("ttl", coreDefaults.ticketTtl()),
            ticketsNode.bool("autoApprove", coreDefaults.autoApproveTickets()),
            pool);
    ticketsNode.rejectUnknown();

    ConfigNode catalogueNode = root.child("catalogue");
    CatalogueSettings catalogue = readCatalogue(catalogueNode);
    catalogueNode.rejectUnknown();

    if (catalogue.partners().stream().noneMatch(p -> p.id().equals(cni.gcpPartner()))
        && !catalogue.partners().isEmpty()) {
      throw new ConfigException(
          cniNode.at("gcpPartner") + ": no partner " + cni.gcpPartner() + " in the catalogue");
    }

    List<Trunk> demoTrunks = root.list("demoTrunks", node -> demoTrunk(node, catalogue));
    return new JunctionConfig(
        server, store, network, worker, core, cni, providerName, catalogue, demoTrunks);
  }

  private static int port(ConfigNode node, String key, int fallback) {
    int port = node.integer(key, fallback);
    if (port < 0 || port > 65_535) {
      throw new ConfigException(node.at(key) + ": must be a TCP port, 0-65535 (got " + port + ")");
    }
    return port;
  }

  private static int nonNegative(ConfigNode node, String key, int fallback) {
    int value = node.integer(key, fallback);
    if (value < 0) {
      throw new ConfigException(node.at(key) + ": must not be negative");
    }
    return value;
  }

  private static CatalogueSettings readCatalogue(ConfigNode node) {
    List<PointOfPresence> pops =
        node.list(
            "pointsOfPresence",
            pop -> {
              ConfigNode facility = pop.child("facility");
              PointOfPresence read =
                  new PointOfPresence(
                      pop.requiredString("id"),
                      pop.requiredString("name"),
                      pop.string("locationAddress", ""),
                      pop.strings("connectionPoints"),
                      pop.requiredString("site"),
                      facility.string("name", ""),
                      facility.strings("address"));
              facility.rejectUnknown();
              return read;
            });
    Set<String> popIds = unique(node.at("pointsOfPresence"), pops, PointOfPresence::id);
    List<Partner> partners =
        node.list(
            "partners",
            partner -> {
              List<String> servedPops = partner.strings("pointsOfPresence");
              for (String pop : servedPops) {
                if (!popIds.contains(pop)) {
                  throw new ConfigException(
                      partner.at("pointsOfPresence") + ": unknown point of presence " + pop);
                }
              }
              String status = partner.string("status", "UP");
              if (!status.equals("UP") && !status.equals("DOWN")) {
                throw new ConfigException(partner.at("status") + ": must be UP or DOWN");
              }
              return new Partner(
                  partner.requiredString("id"),
                  partner.requiredString("name"),
                  partner.string("url", ""),
                  servedPops,
                  status.equals("UP"));
            });
    unique(node.at("partners"), partners, Partner::id);
    List<Router> routers =
        node.list(
            "routers",
            router -> {
              String pop = router.requiredString("pointOfPresence");
              if (!popIds.contains(pop)) {
                throw new ConfigException(
                    router.at("pointOfPresence") + ": unknown point of presence " + pop);
              }
              String routerId = router.requiredString("routerId");
              if (Ipv4Address.parse(routerId).isEmpty()) {
                throw new ConfigException(router.at("routerId") + ": must be an IPv4 address");
              }
              String id = router.requiredString("id");
              return new Router(id, pop, router.string("name", id), routerId);
            });
    Map<String, Router> routersById =
        routers.stream().collect(Collectors.toMap(Router::id, r -> r, (a, b) -> a));
    unique(node.at("routers"), routers, Router::id);
    List<Port> ports =
        node.list(
            "ports",
            port -> {
              String id = port.requiredString("id");
              if (!isUuid(id)) {
                throw new ConfigException(port.at("id") + ": must be a UUID (got '" + id + "')");
              }
              Router router = routersById.get(port.requiredString("router"));
              if (router == null) {
                throw new ConfigException(
                    port.at("router") + ": unknown router " + port.string("router", ""));
              }
              String speed = port.requiredString("speed");
              return new Port(
                  id,
                  port.requiredString("name"),
                  router.popId(),
                  router.id(),
                  speed,
                  bandwidth(port.at("speed"), speed),
                  transceiver(port.at("transceiver"), port.requiredString("transceiver")),
                  port.string("deviceName", router.name()));
            });
    unique(node.at("ports"), ports, Port::id);
    return new CatalogueSettings(pops, partners, routers, ports);
  }

  private static Trunk demoTrunk(ConfigNode node, CatalogueSettings catalogue) {
    Map<String, Port> portsById =
        catalogue.ports().stream().collect(Collectors.toMap(Port::id, p -> p));
    List<String> portIds = node.strings("ports");
    if (portIds.isEmpty()) {
      throw new ConfigException(
          node.at("ports") + ": is required (one port, or several for a LAG)");
    }
    Set<String> routersUsed = new HashSet<>();
    for (String portId : portIds) {
      Port port = portsById.get(portId);
      if (port == null) {
        throw new ConfigException(node.at("ports") + ": unknown port " + portId);
      }
      routersUsed.add(port.routerId());
    }
    if (routersUsed.size() > 1) {
      throw new ConfigException(node.at("ports") + ": the ports of a LAG must be on one router");
    }
    Port first = portsById.get(portIds.get(0));
    Joint joint =
        portIds.size() == 1
            ? new Joint.SinglePort(first.id(), first.transceiver())
            : new Joint.Lag(portIds, first.transceiver());
    String capacity = node.string("capacity", first.speed());
    return new Trunk(
        node.requiredString("id"),
        node.requiredString("folderId"),
        node.string("name", ""),
        node.string("description", ""),
        Labels.EMPTY,
        first.popId(),
        joint,
        bandwidth(node.at("capacity"), capacity),
        node.bool("deletionProtection", false),
        ResourceStatus.ACTIVE,
        Instant.EPOCH,
        1);
  }

  static Bandwidth bandwidth(String field, String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    try {
      if (upper.endsWith("G")) {
        return Bandwidth.gbps(Long.parseLong(upper.substring(0, upper.length() - 1)));
      }
      if (upper.endsWith("M")) {
        return Bandwidth.mbps(Long.parseLong(upper.substring(0, upper.length() - 1)));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException(field + ": '" + text + "' is not a speed (expected e.g. 100M, 10G)");
  }

  static TransceiverType transceiver(String field, String text) {
    return switch (text) {
      case "1000BASE-LX" -> TransceiverType.BASE_1000_LX;
      case "10GBASE-LR" -> TransceiverType.BASE_10G_LR;
      case "10GBASE-ER" -> TransceiverType.BASE_10G_ER;
      case "100GBASE-LR4" -> TransceiverType.BASE_100G_LR4;
      case "100GBASE-ER4" -> TransceiverType.BASE_100G_ER4;
      default ->
          throw new ConfigException(
              field
                  + ": '"
                  + text
                  + "' is not a transceiver type (1000BASE-LX, 10GBASE-LR, 10GBASE-ER,"
                  + " 100GBASE-LR4, 100GBASE-ER4)");
    };
  }

  private static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equals(text.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static <T> Set<String> unique(String field, List<T> items, Function<T, String> id) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      if (!seen.add(id.apply(item))) {
        throw new ConfigException(field + ": id " + id.apply(item) + " appears twice");
      }
    }
    return seen;
  }
}
