package dev.junction.network.bird;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Makes 802.1Q VLAN sub-interfaces and 802.3ad (LACP) bonds: the production link layer. */
final class VlanLinkLayer implements LinkLayer {
  static final VlanLinkLayer INSTANCE = new VlanLinkLayer();

  private VlanLinkLayer() {}

  @Override
  public String name() {
    return "vlan";
  }

  @Override
  public Optional<String> cannotMake(LinkPlan plan) {
    return Optional.empty();
  }

  @Override
  public String addSubInterface(LinkPlan.SubInterface plan) {
    return "link add link "
        + plan.parent()
        + " name "
        + plan.name()
        + " type vlan id "
        + plan.vlan();
  }

  @Override
  public List<String> makeBond(LinkPlan.Bond plan) {
    List<String> commands = new ArrayList<>();
    commands.add("link add " + plan.name() + " type bond mode 802.3ad");
    for (String member : plan.members()) {
      commands.add("link set dev " + member + " down");
      commands.add("link set dev " + member + " master " + plan.name());
      commands.add("link set dev " + member + " up");
    }
    commands.add("link set dev " + plan.name() + " up");
    return List.copyOf(commands);
  }

  @Override
  public String toString() {
    return name();
  }
}
