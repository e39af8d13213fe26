package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Port;
import java.util.List;
import java.util.Optional;

/**
 * The router's side of one trunk: the ports it should bring up as one interface.
 *
 * @param interfaceName the kernel interface that carries the trunk's VLANs: the port's interface, a
 *     bundle of the ports' interfaces for a LAG, or none for a partner's hand-off
 * @param present false while the trunk is being deleted: the router should release it
 */
public record TrunkIntent(
    String trunkId,
    long revision,
    boolean present,
    JointKind joint,
    Optional<String> interfaceName,
    List<Port> ports)
    implements SubjectIntent {
  public TrunkIntent {
    requireNonNull(trunkId, "trunkId");
    requireNonNull(joint, "joint");
    requireNonNull(interfaceName, "interfaceName");
    ports = List.copyOf(ports);
  }

  @Override
  public String subjectId() {
    return trunkId;
  }
}
