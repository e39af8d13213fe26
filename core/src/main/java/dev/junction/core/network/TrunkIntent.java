package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Port;
import java.util.List;

/**
 * The router's side of one trunk: the ports it should bring up as one interface.
 *
 * @param interfaceName the router interface that carries the trunk's VLANs (a port, a LAG bundle,
 *     or a partner's hand-off)
 * @param present false while the trunk is being deleted: the router should release it
 */
public record TrunkIntent(
    String trunkId, long revision, boolean present, String interfaceName, List<Port> ports) {
  public TrunkIntent {
    requireNonNull(trunkId, "trunkId");
    requireNonNull(interfaceName, "interfaceName");
    ports = List.copyOf(ports);
  }
}
