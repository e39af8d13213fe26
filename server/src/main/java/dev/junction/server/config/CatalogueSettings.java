package dev.junction.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.ArrayList;
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
 * The operator's catalogue: points of presence, partners, routers (with the prefixes they announce)
 * and ports (with the kernel interface each is on the router), as read from the configuration's
 * {@code catalogue} section or from a file the operator loads while the server runs.
 */
public record CatalogueSettings(
    List<PointOfPresence> pointsOfPresence,
    List<Partner> partners,
    List<Router> routers,
    List<Port> ports) {
  public CatalogueSettings {
    pointsOfPresence = List.copyOf(pointsOfPresence);
    partners = List.copyOf(partners);
    routers = List.copyOf(routers);
    ports = List.copyOf(ports);
  }

  /**
   * Reads catalogue items given as JSON (or YAML) in the shape of the configuration's {@code
   * catalogue} section, for the operator to change the catalogue while the server runs. Items may
   * refer to points of presence and routers that are already in the catalogue ({@code knownPopIds},
   * {@code knownRouters}) as well as to those given with them.
   */
  public static CatalogueSettings parse(
      JsonNode tree, Set<String> knownPopIds, List<Router> knownRouters) {
    ConfigNode node = new ConfigNode(tree == null ? MissingNode.getInstance() : tree, "catalogue");
    CatalogueSettings catalogue = read(node, knownPopIds, knownRouters);
    node.rejectUnknown();
    return catalogue;
  }

  static CatalogueSettings read(
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
              List<Ipv4Prefix> announced = new ArrayList<>();
              for (String text : router.strings("announce")) {
                announced.add(
                    Ipv4Prefix.parse(text)
                        .filter(p -> !p.hasHostBitsSet())
                        .orElseThrow(
                            () ->
                                new ConfigException(
                                    router.at("announce")
                                        + ": '"
                                        + text
                                        + "' is not an IPv4 prefix with its host bits zero")));
              }
              return new Router(id, pop, router.string("name", id), routerId, announced);
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
              String name = port.requiredString("name");
              String kernel = port.string("interface", Port.defaultKernelInterface(name));
              if (!Port.isKernelInterfaceName(kernel)) {
                throw new ConfigException(
                    port.at("interface")
                        + ": '"
                        + kernel
                        + "' is not a Linux interface name (1-15 characters, no '/', ':' or"
                        + " space)");
              }
              return new Port(
                  id,
                  name,
                  router.popId(),
                  router.id(),
                  speed,
                  bandwidth(port.at("speed"), speed),
                  transceiver(port.at("transceiver"), port.requiredString("transceiver")),
                  port.string("deviceName", router.name()),
                  kernel);
            });
    unique(node.at("ports"), ports, Port::id);
    return new CatalogueSettings(pops, partners, routers, ports);
  }

  static Trunk demoTrunk(ConfigNode node, CatalogueSettings catalogue) {
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
