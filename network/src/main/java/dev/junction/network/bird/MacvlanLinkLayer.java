package dev.junction.network.bird;

import java.util.List;
import java.util.Optional;

/**
 * Stands a bridge-mode macvlan on the parent in for each VLAN sub-interface, for kernels without
 * 802.1Q support (such as test machines): traffic is not tagged, the VLAN id only appears in the
 * interface's name. It cannot make bonds, so LAG trunks are refused. An untagged attachment (its
 * address on the port itself) is made as on the production layer: it needs no device.
 */
final class MacvlanLinkLayer implements LinkLayer {
  static final MacvlanLinkLayer INSTANCE = new MacvlanLinkLayer();

  private MacvlanLinkLayer() {}

  @Override
  public String name() {
    return "macvlan";
  }

  @Override
  public Optional<String> cannotMake(LinkPlan plan) {
    if (plan instanceof LinkPlan.Bond bond) {
      return Optional.of(
          "the macvlan link layer cannot make bond "
              + bond.name()
              + " for a LAG trunk; use the vlan link layer on a kernel with bonding");
    }
    return Optional.empty();
  }

  @Override
  public String addSubInterface(LinkPlan.SubInterface plan) {
    return "link add link " + plan.parent() + " name " + plan.name() + " type macvlan mode bridge";
  }

  @Override
  public List<String> makeBond(LinkPlan.Bond plan) {
    throw new UnsupportedOperationException(cannotMake(plan).orElseThrow());
  }

  @Override
  public String toString() {
    return name();
  }
}
