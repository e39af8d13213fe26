package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import java.util.List;
import java.util.Optional;

/**
 * The router's side of one attachment: a VLAN sub-interface on the trunk's interface with the
 * provider's address on it (or, without a VLAN, the address on the interface itself: a Cloudflare
 * CNI is untagged on its interconnect's port), a BGP session to the customer, and static routes
 * through the customer's end.
 *
 * @param parentInterface the kernel interface of the trunk the attachment rides on; empty on a
 *     partner's hand-off, where the partner delivers the VLAN
 * @param vlan the 802.1Q VLAN on the parent interface; empty for an untagged attachment (a CNI) or
 *     on a partner's hand-off
 * @param routing the MTU, the prefixes the provider announces in addition to its own, and whether
 *     the customer's routes are taken in
 * @param acceptedPrefixes the only prefixes the customer may announce (public connections); empty
 *     means any prefix the import rules allow
 * @param present false while the attachment is being deleted: the router should remove it
 */
public record SessionIntent(
    String attachmentId,
    long revision,
    boolean present,
    AttachmentKind kind,
    String trunkId,
    Optional<String> parentInterface,
    Optional<VlanId> vlan,
    Peering peering,
    List<Ipv4Prefix> staticRoutes,
    Routing routing,
    List<Ipv4Prefix> acceptedPrefixes)
    implements SubjectIntent {
  public SessionIntent {
    requireNonNull(attachmentId, "attachmentId");
    requireNonNull(kind, "kind");
    requireNonNull(trunkId, "trunkId");
    requireNonNull(parentInterface, "parentInterface");
    requireNonNull(vlan, "vlan");
    requireNonNull(peering, "peering");
    staticRoutes = List.copyOf(staticRoutes);
    requireNonNull(routing, "routing");
    acceptedPrefixes = List.copyOf(acceptedPrefixes);
  }

  @Override
  public String subjectId() {
    return attachmentId;
  }

  /** Returns whether the attachment has a BGP session (it has a customer ASN). */
  public boolean hasBgp() {
    return peering.peerAsn().isPresent();
  }
}
