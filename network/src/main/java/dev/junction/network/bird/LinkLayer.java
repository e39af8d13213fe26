package dev.junction.network.bird;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a router makes the links of its link plans: the iproute2 commands (in {@code ip -batch}
 * syntax, without the leading {@code ip}) that make, remove and update each kind of {@link
 * LinkPlan}.
 *
 * <p>{@link #vlan()} makes real 802.1Q sub-interfaces and bonds, for production. {@link #macvlan()}
 * stands a macvlan in for each sub-interface, for kernels without 802.1Q (test machines, CI); it
 * cannot make bonds.
 */
public interface LinkLayer {

  /** Returns the production link layer: 802.1Q sub-interfaces and 802.3ad bonds. */
  static LinkLayer vlan() {
    return VlanLinkLayer.INSTANCE;
  }

  /**
   * Returns the test link layer: a bridge-mode macvlan on the parent in place of each VLAN
   * sub-interface (the VLAN id is kept only in the name), and no bonds.
   */
  static LinkLayer macvlan() {
    return MacvlanLinkLayer.INSTANCE;
  }

  /** Returns the layer's name: {@code vlan} or {@code macvlan}. */
  String name();

  /** Returns why this layer cannot make {@code plan}, or empty if it can. */
  Optional<String> cannotMake(LinkPlan plan);

  /** Returns the command that adds sub-interface {@code plan}'s device, without address or MTU. */
  String addSubInterface(LinkPlan.SubInterface plan);

  /**
   * Returns the commands that make {@code plan} from nothing: add the device, set its MTU and
   * address and bring it up. A port is only checked for (the command fails if it does not exist).
   * An untagged plan makes no device: it sets the port's MTU, puts the address on it (replacing it
   * if it is there already) and brings the port up; the same commands on every link layer.
   */
  default List<String> make(LinkPlan plan) {
    return switch (plan) {
      case LinkPlan.SubInterface sub ->
          List.of(
              addSubInterface(sub),
              "link set dev " + sub.name() + " mtu " + sub.mtu(),
              "address add " + sub.address() + " dev " + sub.name(),
              "link set dev " + sub.name() + " up");
      case LinkPlan.Untagged untagged ->
          List.of(
              "link set dev " + untagged.parent() + " mtu " + untagged.mtu(),
              "address replace " + untagged.address() + " dev " + untagged.parent(),
              "link set dev " + untagged.parent() + " up");
      case LinkPlan.Bond bond -> makeBond(bond);
      case LinkPlan.Port port -> List.of("link show dev " + port.name());
      case LinkPlan.None none -> List.of();
    };
  }

  /**
   * Returns the commands that remove what {@link #make} made; a port is left as it is, and an
   * untagged plan loses its address only (the port, its MTU and its state stay).
   */
  default List<String> unmake(LinkPlan plan) {
    return switch (plan) {
      case LinkPlan.SubInterface sub -> List.of("link del dev " + sub.name());
      case LinkPlan.Untagged untagged ->
          List.of("address del " + untagged.address() + " dev " + untagged.parent());
      case LinkPlan.Bond bond -> {
        List<String> commands = new ArrayList<>();
        bond.members().forEach(m -> commands.add("link set dev " + m + " nomaster"));
        commands.add("link del dev " + bond.name());
        yield List.copyOf(commands);
      }
      case LinkPlan.Port port -> List.of();
      case LinkPlan.None none -> List.of();
    };
  }

  /**
   * Returns the commands that turn {@code from} into {@code to} in place, or empty if it cannot be
   * done in place (the link is then removed and made again). A sub-interface with the same name,
   * parent and VLAN, or an untagged plan on the same port, changes its MTU and address in place, so
   * its BGP session is not reset.
   */
  default Optional<List<String>> update(LinkPlan from, LinkPlan to) {
    if (from.equals(to)) {
      return Optional.of(List.of());
    }
    if (from instanceof LinkPlan.SubInterface a
        && to instanceof LinkPlan.SubInterface b
        && a.name().equals(b.name())
        && a.parent().equals(b.parent())
        && a.vlan() == b.vlan()) {
      List<String> commands = new ArrayList<>();
      if (a.mtu() != b.mtu()) {
        commands.add("link set dev " + b.name() + " mtu " + b.mtu());
      }
      if (!a.address().equals(b.address())) {
        commands.add("address add " + b.address() + " dev " + b.name());
        commands.add("address del " + a.address() + " dev " + a.name());
      }
      return Optional.of(List.copyOf(commands));
    }
    if (from instanceof LinkPlan.Untagged a
        && to instanceof LinkPlan.Untagged b
        && a.parent().equals(b.parent())) {
      List<String> commands = new ArrayList<>();
      if (a.mtu() != b.mtu()) {
        commands.add("link set dev " + b.parent() + " mtu " + b.mtu());
      }
      if (!a.address().equals(b.address())) {
        commands.add("address replace " + b.address() + " dev " + b.parent());
        commands.add("address del " + a.address() + " dev " + a.parent());
      }
      return Optional.of(List.copyOf(commands));
    }
    if (from instanceof LinkPlan.Port && to instanceof LinkPlan.Port) {
      return Optional.of(make(to));
    }
    return Optional.empty();
  }

  /** Returns the commands that make bond {@code plan} and enslave its members. */
  List<String> makeBond(LinkPlan.Bond plan);
}
