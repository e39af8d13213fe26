package dev.junction.network.bird;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import java.util.List;
import java.util.Optional;

/** Builds the intents the BIRD tests render and apply. */
final class TestIntents {
  static final Asn CLOUD_ASN = new Asn(64512);

  private TestIntents() {}

  static RouterHeader header(String routerIdAddress, String... announced) {
    return new RouterHeader(
        new Router(
            "rtr-edge-1",
            "pop-1",
            "edge 1",
            routerIdAddress,
            List.of(announced).stream().map(Ipv4Prefix::of).toList()),
        List.of());
  }

  static Port port(String id, String kernelInterface) {
    return new Port(
        id,
        "et-0/0/" + id.length(),
        "pop-1",
        "rtr-edge-1",
        "10G",
        Bandwidth.gbps(10),
        TransceiverType.BASE_10G_LR,
        "edge-1",
        kernelInterface);
  }

  static TrunkIntent portTrunk(String trunkId, String kernelInterface) {
    return new TrunkIntent(
        trunkId,
        1,
        true,
        JointKind.PORT,
        Optional.of(kernelInterface),
        List.of(port("port-" + kernelInterface, kernelInterface)));
  }

  static Peering peering(String subnet, long peerAsn, String md5Key) {
    Ipv4Prefix prefix = Ipv4Prefix.of(subnet);
    Ipv4Address network = prefix.network();
    boolean pointToPoint = prefix.length() == 31;
    return new Peering(
        prefix,
        pointToPoint ? network : network.plus(1),
        pointToPoint ? network.plus(1) : network.plus(2),
        peerAsn == 0 ? Optional.empty() : Optional.of(new Asn(peerAsn)),
        CLOUD_ASN,
        md5Key.isEmpty() ? Optional.empty() : Optional.of(Md5Key.of(md5Key)));
  }

  static SessionIntent session(
      String id,
      AttachmentKind kind,
      String trunkId,
      String parent,
      int vlan,
      Peering peering,
      List<String> staticRoutes,
      Routing routing,
      List<String> accepted) {
    return new SessionIntent(
        id,
        3,
        true,
        kind,
        trunkId,
        parent.isEmpty() ? Optional.empty() : Optional.of(parent),
        vlan == 0 ? Optional.empty() : Optional.of(new VlanId(vlan)),
        peering,
        staticRoutes.stream().map(Ipv4Prefix::of).toList(),
        routing,
        accepted.stream().map(Ipv4Prefix::of).toList());
  }

  static SessionIntent privateConnection(
      String id, String parent, int vlan, String subnet, String md5Key, String... staticRoutes) {
    return session(
        id,
        AttachmentKind.PRIVATE,
        "trk-" + parent,
        parent,
        vlan,
        peering(subnet, 65001, md5Key),
        List.of(staticRoutes),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }
}
