package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Ipv4Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands each link layer generates; 802.1Q cannot run on the test kernel, so only here. */
class LinkLayerTest {
  private final LinkPlan.SubInterface sub =
      new LinkPlan.SubInterface("eth1.100", "eth1", 100, Ipv4Prefix.of("169.254.10.2/30"), 8910);

  @Test
  void makesAnEightOhTwoDotOneQSubInterface() {
    assertThat(LinkLayer.vlan().make(sub))
        .containsExactly(
            "link add link eth1 name eth1.100 type vlan id 100",
            "link set dev eth1.100 mtu 8910",
            "address add 169.254.10.2/30 dev eth1.100",
            "link set dev eth1.100 up");
    assertThat(LinkLayer.vlan().unmake(sub)).containsExactly("link del dev eth1.100");
  }

  @Test
  void standsAMacvlanInForTheSubInterface() {
    assertThat(LinkLayer.macvlan().make(sub).get(0))
        .isEqualTo("link add link eth1 name eth1.100 type macvlan mode bridge");
  }

  @Test
  void makesAnLacpBondOverThePorts() {
    LinkPlan.Bond bond = new LinkPlan.Bond("jlagabc123", List.of("eth1", "eth2"));
    assertThat(LinkLayer.vlan().cannotMake(bond)).isEmpty();
    assertThat(LinkLayer.vlan().make(bond))
        .containsExactly(
            "link add jlagabc123 type bond mode 802.3ad",
            "link set dev eth1 down",
            "link set dev eth1 master jlagabc123",
            "link set dev eth1 up",
            "link set dev eth2 down",
            "link set dev eth2 master jlagabc123",
            "link set dev eth2 up",
            "link set dev jlagabc123 up");
    assertThat(LinkLayer.vlan().unmake(bond))
        .containsExactly(
            "link set dev eth1 nomaster", "link set dev eth2 nomaster", "link del dev jlagabc123");
  }

  @Test
  void theMacvlanLayerCannotBond() {
    assertThat(LinkLayer.macvlan().cannotMake(new LinkPlan.Bond("b1", List.of("eth1"))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("cannot make bond b1"));
  }

  @Test
  void checksThatAPortExists() {
    assertThat(LinkLayer.vlan().make(new LinkPlan.Port("eth1")))
        .containsExactly("link show dev eth1");
    assertThat(LinkLayer.vlan().unmake(new LinkPlan.Port("eth1"))).isEmpty();
  }

  @Test
  void updatesMtuAndAddressInPlace() {
    LinkPlan.SubInterface changed =
        new LinkPlan.SubInterface("eth1.100", "eth1", 100, Ipv4Prefix.of("169.254.10.6/30"), 1500);
    assertThat(LinkLayer.vlan().update(sub, changed))
        .hasValue(
            List.of(
                "link set dev eth1.100 mtu 1500",
                "address add 169.254.10.6/30 dev eth1.100",
                "address del 169.254.10.2/30 dev eth1.100"));
    LinkPlan.SubInterface moved =
        new LinkPlan.SubInterface("eth2.100", "eth2", 100, Ipv4Prefix.of("169.254.10.2/30"), 8910);
    assertThat(LinkLayer.vlan().update(sub, moved)).isEmpty();
    assertThat(LinkLayer.vlan().update(sub, sub)).hasValue(List.of());
  }

  @Test
  void putsAnUntaggedAddressOnThePortItselfOnEveryLayer() {
    LinkPlan.Untagged untagged =
        new LinkPlan.Untagged("eth1", Ipv4Prefix.of("192.168.3.5/31"), 1500);
    for (LinkLayer layer : List.of(LinkLayer.vlan(), LinkLayer.macvlan())) {
      assertThat(layer.cannotMake(untagged)).isEmpty();
      assertThat(layer.make(untagged))
          .as("%s makes no link, it sets the port's MTU and address and brings it up", layer)
          .containsExactly(
              "link set dev eth1 mtu 1500",
              "address replace 192.168.3.5/31 dev eth1",
              "link set dev eth1 up");
      assertThat(layer.unmake(untagged))
          .as("%s removes the address only, never the port", layer)
          .containsExactly("address del 192.168.3.5/31 dev eth1");
    }
    assertThat(untagged.interfaceName()).contains("eth1");
    assertThat(untagged.name()).isEqualTo("eth1");
  }

  @Test
  void updatesAnUntaggedAddressInPlaceOnTheSamePortOnly() {
    LinkPlan.Untagged untagged =
        new LinkPlan.Untagged("eth1", Ipv4Prefix.of("192.168.3.5/31"), 1500);
    LinkPlan.Untagged changed =
        new LinkPlan.Untagged("eth1", Ipv4Prefix.of("192.168.3.7/31"), 1400);
    assertThat(LinkLayer.vlan().update(untagged, changed))
        .hasValue(
            List.of(
                "link set dev eth1 mtu 1400",
                "address replace 192.168.3.7/31 dev eth1",
                "address del 192.168.3.5/31 dev eth1"));
    assertThat(LinkLayer.vlan().update(untagged, untagged)).hasValue(List.of());
    assertThat(
            LinkLayer.vlan()
                .update(
                    untagged, new LinkPlan.Untagged("eth2", Ipv4Prefix.of("192.168.3.5/31"), 1500)))
        .as("another port: the address is removed from one and put on the other")
        .isEmpty();
    assertThat(LinkLayer.vlan().update(untagged, sub)).isEmpty();
    assertThat(LinkLayer.vlan().update(sub, untagged)).isEmpty();
  }

  @Test
  void readsBackWhatItWrites() {
    for (LinkPlan plan :
        List.of(
            sub,
            new LinkPlan.Untagged("enp129s0f1np1", Ipv4Prefix.of("192.168.3.5/31"), 1500),
            new LinkPlan.Bond("jlagabc123", List.of("eth1", "eth2")),
            new LinkPlan.Port("eth1"),
            new LinkPlan.None())) {
      assertThat(LinkPlan.parse("# comment\n" + plan.render())).isEqualTo(plan);
    }
  }
}
