package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Ipv4Prefix;
import java.util.List;

/**
 * An edge router of the provider at a point of presence; the ports of trunks live on it and the BGP
 * sessions of attachments terminate on it.
 *
 * @param routerIdAddress the BGP router id, an IPv4 address in dotted form
 * @param announcedPrefixes the provider's prefixes this router announces to every customer session
 */
public record Router(
    String id,
    String popId,
    String name,
    String routerIdAddress,
    List<Ipv4Prefix> announcedPrefixes) {
  public Router {
    requireNonNull(id, "id");
    requireNonNull(popId, "popId");
    requireNonNull(name, "name");
    requireNonNull(routerIdAddress, "routerIdAddress");
    announcedPrefixes = List.copyOf(announcedPrefixes);
  }

  /** Returns a router that announces no prefixes of its own. */
  public Router(String id, String popId, String name, String routerIdAddress) {
    this(id, popId, name, routerIdAddress, List.of());
  }
}
