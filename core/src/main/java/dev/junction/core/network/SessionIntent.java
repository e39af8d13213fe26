package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.Peering;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import java.util.List;
import java.util.Optional;

/**
 * The router's side of one attachment: a VLAN on the trunk's interface, the provider's address on
 * it, a BGP session to the customer and static routes through the customer's end.
 *
 * @param present false while the attachment is being deleted: the router should remove it
 */
public record SessionIntent(
    String attachmentId,
    long revision,
    boolean present,
    String trunkId,
    String interfaceName,
    Optional<VlanId> vlan,
    Peering peering,
    List<Ipv4Prefix> staticRoutes) {
  public SessionIntent {
    requireNonNull(attachmentId, "attachmentId");
    requireNonNull(trunkId, "trunkId");
    requireNonNull(interfaceName, "interfaceName");
    requireNonNull(vlan, "vlan");
    requireNonNull(peering, "peering");
    staticRoutes = List.copyOf(staticRoutes);
  }
}
