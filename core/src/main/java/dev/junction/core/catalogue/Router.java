package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

/**
 * An edge router of the provider at a point of presence; the ports of trunks live on it and the BGP
 * sessions of attachments terminate on it.
 *
 * @param routerIdAddress the BGP router id, an IPv4 address in dotted form
 */
public record Router(String id, String popId, String name, String routerIdAddress) {
  public Router {
    requireNonNull(id, "id");
    requireNonNull(popId, "popId");
    requireNonNull(name, "name");
    requireNonNull(routerIdAddress, "routerIdAddress");
  }
}
