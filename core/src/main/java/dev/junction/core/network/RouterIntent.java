package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired state of one edge router: every trunk and attachment that lives on it. It is derived
 * from the store on every reconcile pass, never kept in memory as truth.
 */
public record RouterIntent(Router router, List<TrunkIntent> trunks, List<SessionIntent> sessions) {
  public RouterIntent {
    requireNonNull(router, "router");
    trunks = List.copyOf(trunks);
    sessions = List.copyOf(sessions);
  }

  /**
   * Returns the desired state of {@code router} from the trunks that live on it, the ports they
   * hold, and the attachments on those trunks. Resources being deleted are listed as not present,
   * so that the router removes them and reports the removal.
   */
  public static RouterIntent derive(
      Router router, List<Trunk> trunks, Map<String, Port> ports, List<Attachment> attachments) {
    Map<String, String> interfaceOfTrunk = new HashMap<>();
    List<TrunkIntent> trunkIntents = new ArrayList<>();
    for (Trunk trunk : trunks.stream().sorted(Comparator.comparing(Trunk::id)).toList()) {
      List<Port> held =
          trunk.joint().portIds().stream().map(ports::get).filter(p -> p != null).toList();
      String interfaceName = interfaceName(trunk, held);
      interfaceOfTrunk.put(trunk.id(), interfaceName);
      trunkIntents.add(
          new TrunkIntent(
              trunk.id(),
              trunk.revision(),
              trunk.status() != ResourceStatus.DELETING,
              interfaceName,
              held));
    }
    List<SessionIntent> sessions = new ArrayList<>();
    for (Attachment attachment :
        attachments.stream().sorted(Comparator.comparing(Attachment::id)).toList()) {
      String interfaceName = interfaceOfTrunk.get(attachment.trunkId());
      if (interfaceName == null) {
        continue;
      }
      sessions.add(
          new SessionIntent(
              attachment.id(),
              attachment.revision(),
              attachment.status() != ResourceStatus.DELETING,
              attachment.trunkId(),
              interfaceName,
              attachment.vlan(),
              attachment.peering(),
              attachment.staticRoutes()));
    }
    return new RouterIntent(router, trunkIntents, sessions);
  }

  private static String interfaceName(Trunk trunk, List<Port> held) {
    return switch (trunk.joint()) {
      case Joint.SinglePort single -> held.isEmpty() ? single.portId() : held.get(0).name();
      case Joint.Lag lag -> "lag-" + trunk.id();
      case Joint.ViaPartner partner -> "partner-" + partner.partnerId();
    };
  }
}
