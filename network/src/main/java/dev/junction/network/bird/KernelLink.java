package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One kernel network interface as {@code ip -j -d address show} reports it.
 *
 * @param flags the interface flags ({@code UP}, {@code LOWER_UP}, ...)
 * @param operstate the operational state: {@code UP}, {@code DOWN}, {@code LOWERLAYERDOWN}, {@code
 *     UNKNOWN}, ...
 * @param kind the link kind ({@code vlan}, {@code macvlan}, {@code bond}, {@code veth}), empty for
 *     a physical device
 * @param parent the device a sub-interface sits on, if any
 * @param addresses the IPv4 addresses with their prefix lengths
 */
record KernelLink(
    String name,
    Set<String> flags,
    String operstate,
    int mtu,
    String kind,
    Optional<String> parent,
    List<Ipv4Prefix> addresses) {
  KernelLink {
    requireNonNull(name, "name");
    flags = Set.copyOf(flags);
    requireNonNull(operstate, "operstate");
    requireNonNull(kind, "kind");
    requireNonNull(parent, "parent");
    addresses = List.copyOf(addresses);
  }

  /** Returns whether the interface is set up (administratively). */
  boolean adminUp() {
    return flags.contains("UP");
  }

  /** Returns whether the interface carries traffic: set up, with its lower layer up. */
  boolean operUp() {
    return adminUp()
        && (operstate.equals("UP") || (operstate.equals("UNKNOWN") && flags.contains("LOWER_UP")));
  }

  /** Returns the interfaces in the output of {@code ip -j -d address show}, by name. */
  static Map<String, KernelLink> parseAll(String json) {
    Map<String, KernelLink> links = new LinkedHashMap<>();
    if (json.isBlank()) {
      return links;
    }
    Object parsed = IpJson.parse(json);
    if (!(parsed instanceof List<?> list)) {
      throw new IllegalArgumentException("ip -j: not a JSON array");
    }
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> map) || !(map.get("ifname") instanceof String name)) {
        continue;
      }
      List<String> flags = new ArrayList<>();
      if (map.get("flags") instanceof List<?> listed) {
        listed.forEach(f -> flags.add(String.valueOf(f)));
      }
      String operstate = map.get("operstate") instanceof String s ? s : "UNKNOWN";
      int mtu = map.get("mtu") instanceof Long l ? l.intValue() : 0;
      String kind = "";
      if (map.get("linkinfo") instanceof Map<?, ?> info
          && info.get("info_kind") instanceof String k) {
        kind = k;
      }
      Optional<String> parent =
          map.get("link") instanceof String p ? Optional.of(p) : Optional.empty();
      List<Ipv4Prefix> addresses = new ArrayList<>();
      if (map.get("addr_info") instanceof List<?> infos) {
        for (Object info : infos) {
          if (info instanceof Map<?, ?> address
              && "inet".equals(address.get("family"))
              && address.get("local") instanceof String local
              && address.get("prefixlen") instanceof Long length) {
            dev.junction.core.net.Ipv4Address.parse(local)
                .ifPresent(a -> addresses.add(new Ipv4Prefix(a, length.intValue())));
          }
        }
      }
      links.put(
          name, new KernelLink(name, Set.copyOf(flags), operstate, mtu, kind, parent, addresses));
    }
    return links;
  }
}
