package dev.junction.api.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.Cnis;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.catalogue.Catalogue;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Writes core resources as Cloudflare's bare JSON: interconnects, CNIs, slots. */
final class CloudflareJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DIRECT = "direct";
  static final String GCP_PARTNER = "gcp_partner";

  private CloudflareJson() {}

  /** Returns the interconnect type of {@code trunk}: a port of its own, or a partner's. */
  static String type(Trunk trunk) {
    return trunk.joint() instanceof Joint.ViaPartner ? GCP_PARTNER : DIRECT;
  }

  /**
   * Returns the region of a partner interconnect: the middle part of a GCP pairing key ({@code
   * <key>/<region>/<n>}), or the site of its point of presence.
   */
  static String region(Trunk trunk, PointOfPresence pop) {
    if (trunk.joint() instanceof Joint.ViaPartner partner) {
      String[] parts = partner.serviceKey().split("/");
      if (parts.length == 3 && !parts[1].isEmpty()) {
        return parts[1];
      }
    }
    return pop.site();
  }

  /** Returns the stable virtual port reservation id of {@code trunk}. */
  static String reservationId(Trunk trunk) {
    return UUID.nameUUIDFromBytes(("junction-vpr:" + trunk.id()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static ObjectNode interconnect(Trunk trunk, List<Port> ports, PointOfPresence pop) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("account", trunk.scope())
            .put("name", trunk.id())
            .put("type", type(trunk));
    if (trunk.joint() instanceof Joint.ViaPartner) {
      node.put("region", region(trunk, pop));
      node.put("speed", trunk.capacity().toString());
    } else {
      node.set("facility", facility(pop));
      node.put("site", pop.site());
      Optional<Port> port = ports.stream().findFirst();
      node.put("slot_id", port.map(Port::id).orElse(""));
      node.put("speed", port.map(Port::speed).orElse(trunk.capacity().toString()));
      if (port.isPresent()) {
        node.put("ccr_device_name", port.get().deviceName());
      } else {
        node.putNull("ccr_device_name");
      }
    }
    node.put("virtual_port_reservation_id", reservationId(trunk));
    return node;
  }

  static ObjectNode facility(PointOfPresence pop) {
    ObjectNode facility = JSON.createObjectNode().put("name", pop.facilityName());
    ArrayNode address = facility.putArray("address");
    pop.facilityAddress().forEach(address::add);
    return facility;
  }

  static ObjectNode cni(Attachment cni) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", cni.id())
            .put("account", cni.scope())
            .put("interconnect", cni.trunkId())
            .put("p2p_ip", Cnis.p2pAddress(cni))
            .put("cust_ip", Cnis.custAddress(cni));
    node.putObject("magic")
        .put("conduit_name", cni.name())
        .put("description", cni.description())
        .put("mtu", cni.routing().mtu());
    cni.peering()
        .peerAsn()
        .ifPresent(
            asn -> {
              ObjectNode bgp = node.putObject("bgp").put("customer_asn", asn.value());
              ArrayNode prefixes = bgp.putArray("extra_prefixes");
              cni.routing().advertisedPrefixes().stream()
                  .map(Ipv4Prefix::toString)
                  .forEach(prefixes::add);
              Optional<Md5Key> key = cni.peering().md5Key();
              if (key.isPresent()) {
                bgp.put("md5_key", key.get().reveal());
              } else {
                bgp.putNull("md5_key");
              }
            });
    node.put(
        "bgp_mode", cni.routing().acceptsRoutes() ? "dynamic_route_exchange" : "advertise_only");
    return node;
  }

  /** Returns a slot: occupied if an interconnect holds it, and by which account if known. */
  static ObjectNode slot(Port port, PointOfPresence pop, Catalogue.Occupancy occupancy) {
    Optional<String> account = occupancy.holder();
    ObjectNode node = JSON.createObjectNode().put("id", port.id());
    node.set("facility", facility(pop));
    node.put("occupied", occupancy.occupied());
    node.put("site", pop.site());
    node.put("speed", port.speed());
    account.ifPresent(holder -> node.put("account", holder));
    node.put("ccr_device_name", port.deviceName());
    return node;
  }

  /** Returns a list in Cloudflare's shape: the items and the cursor of the next page, or null. */
  static ObjectNode list(List<ObjectNode> items, Optional<Long> next) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode array = node.putArray("items");
    items.forEach(array::add);
    if (next.isPresent()) {
      node.put("next", next.get());
    } else {
      node.putNull("next");
    }
    return node;
  }
}
