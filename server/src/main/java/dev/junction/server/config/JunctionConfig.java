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
import java.util.HashMap;
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
    List<Trunk> demoTrunks,
    SecretsSettings secrets,
    LimitsSettings limits) {
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
    requireNonNull(secrets, "secrets");
    requireNonNull(limits, "limits");
  }

  /**
   * The key ring that encrypts secrets at rest (BGP MD5 keys). Empty: the server keeps a generated
   * key in {@code <data-dir>/secret-keys}; replicas that share a database must share the ring, so
   * they configure it here.
   *
   * @param current the id of the key new secrets are sealed with
   * @param keys every key that may have sealed a stored secret: id to 32 bytes in base64
   */
  public record SecretsSettings(String current, Map<String, String> keys) {
    public SecretsSettings {
      keys = Map.copyOf(keys);
    }

    public boolean configured() {
      return !keys.isEmpty();
    }

    @Override
    public String toString() {
      return "SecretsSettings[current=" + current + ", keys=" + keys.keySet() + "]";
    }
  }

  /**
   * What one credential may ask of one replica.
   *
   * @param requestsPerSecond the sustained rate of requests per token or global key
   * @param burst how many requests a credential may send at once above the rate
   * @param maxRequestBytes the largest request body accepted
   * @param maxPageSize the most items a list returns in one page, whatever was asked
   */
  public record LimitsSettings(
      double requestsPerSecond, int burst, int maxRequestBytes, int maxPageSize) {}

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
        demoTrunks,
        secrets,
        limits);
  }

  /** Returns this configuration with the core settings {@code newCore}. */
  public JunctionConfig withCore(CoreConfig newCore) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        newCore,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits);
  }

  /** Returns this configuration with the limits {@code newLimits}. */
  public JunctionConfig withLimits(LimitsSettings newLimits) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        newLimits);
  }

  /**
   * Reads catalogue items given as JSON (or YAML) in the shape of the configuration's {@code
   * catalogue} section, for the operator to change the catalogue while the server runs. Items may
   * refer to points of presence and routers that are already in the catalogue ({@code knownPopIds},
   * {@code knownRouters}) as well as to those given with them.
   */
  public static CatalogueSettings parseCatalogue(
      JsonNode tree, Set<String> knownPopIds, List<Router> knownRouters) {
    ConfigNode node = new ConfigNode(tree == null ? MissingRoot.NODE : tree, "catalogue");
    CatalogueSettings catalogue = readCatalogue(node, knownPopIds, knownRouters);
    node.rejectUnknown();
    return catalogue;
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
    CatalogueSettings catalogue = readCatalogue(catalogueNode, Set.of(), List.of());
    catalogueNode.rejectUnknown();

    if (catalogue.partners().stream().noneMatch(p -> p.id().equals(cni.gcpPartner()))
        && !catalogue.partners().isEmpty()) {
      throw new ConfigException(
          cniNode.at("gcpPartner") + ": no partner " + cni.gcpPartner() + " in the catalogue");
    }

    List<Trunk> demoTrunks = root.list("demoTrunks", node -> demoTrunk(node, catalogue));

    ConfigNode secretsNode = root.child("secrets");
    Map<String, String> keys = new java.util.LinkedHashMap<>();
    secretsNode.list(
        "keys",
        key -> {
          String id = key.requiredString("id");
          String material = key.requiredString("key");
          key.rejectUnknown();
          try {
            if (java.util.Base64.getDecoder().decode(material).length != 32) {
              throw new ConfigException(key.at("key") + ": must be 32 bytes in base64");
            }
          } catch (IllegalArgumentException e) {
            throw new ConfigException(key.at("key") + ": must be 32 bytes in base64");
          }
          keys.put(id, material);
          return id;
        });
    String current =
        secretsNode.string("current", keys.isEmpty() ? "" : keys.keySet().iterator().next());
    if (!keys.isEmpty() && !keys.containsKey(current)) {
      throw new ConfigException(secretsNode.at("current") + ": no key " + current + " in keys");
    }
    secretsNode.rejectUnknown();
    if (store.isPostgresql() && keys.isEmpty()) {
      throw new ConfigException(
          secretsNode.at("keys")
              + ": is required with store.engine postgresql: every replica must hold the key"
              + " that encrypts secrets in the shared database");
    }

    ConfigNode limitsNode = root.child("limits");
    double rate = limitsNode.integer("requestsPerSecond", 50);
    int burst = limitsNode.integer("burst", 100);
    int maxRequestBytes = limitsNode.integer("maxRequestBytes", 1024 * 1024);
    int maxPageSize = limitsNode.integer("maxPageSize", 1000);
    if (rate < 1) {
      throw new ConfigException(limitsNode.at("requestsPerSecond") + ": must be at least 1");
    }
    if (burst < 1) {
      throw new ConfigException(limitsNode.at("burst") + ": must be at least 1");
    }
    if (maxRequestBytes < 1024) {
      throw new ConfigException(limitsNode.at("maxRequestBytes") + ": must be at least 1024");
    }
    if (maxPageSize < 1 || maxPageSize > 1000) {
      throw new ConfigException(limitsNode.at("maxPageSize") + ": must be 1-1000");
    }
    limitsNode.rejectUnknown();
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        new SecretsSettings(current, keys),
        new LimitsSettings(rate, burst, maxRequestBytes, maxPageSize));
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

  private static CatalogueSettings readCatalogue(
      ConfigNode node, Set<String> knownPopIds, List<Router> knownRouters) {
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
    Set<String> popIds = new HashSet<>(knownPopIds);
    popIds.addAll(unique(node.at("pointsOfPresence"), pops, PointOfPresence::id));
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
    Map<String, Router> routersById = new HashMap<>();
    knownRouters.forEach(r -> routersById.put(r.id(), r));
    routers.forEach(r -> routersById.put(r.id(), r));
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
