package dev.junction.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectReport;
import dev.junction.core.network.TrunkIntent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentWireTest {
  private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123Z");
  private static final RouterHeader HEADER =
      new RouterHeader(
          new Router(
              "r1", "mow01", "ccr-1", "10.255.1.1", List.of(Ipv4Prefix.of("198.51.100.0/24"))),
          List.of(new NetworkFault("r1", FaultKind.LINK, "eth1", "no light")));
  private static final Port PORT =
      new Port(
          "0fb3747c-ec57-4999-a654-0947c84b650e",
          "et-0/0/1",
          "mow01",
          "r1",
          "10G",
          Bandwidth.gbps(10),
          TransceiverType.BASE_10G_LR,
          "ccr-1",
          "et-0-0-1");
  private static final TrunkIntent TRUNK =
      new TrunkIntent("t1", 3, true, JointKind.PORT, Optional.of("et-0-0-1"), List.of(PORT));
  private static final SessionIntent SESSION =
      new SessionIntent(
          "c1",
          5,
          false,
          AttachmentKind.PUBLIC,
          "t1",
          Optional.of("et-0-0-1"),
          Optional.of(new VlanId(300)),
          new Peering(
              Ipv4Prefix.of("169.254.1.0/30"),
              Ipv4Address.of("169.254.1.1"),
              Ipv4Address.of("169.254.1.2"),
              Optional.of(new Asn(4_200_000_001L)),
              new Asn(200350),
              Optional.of(Md5Key.of("wire-key"))),
          List.of(Ipv4Prefix.of("10.1.0.0/16")),
          new Routing(1500, List.of(Ipv4Prefix.of("203.0.113.0/24")), false),
          List.of(Ipv4Prefix.of("192.0.2.0/24")));
  private static final SessionIntent BARE =
      new SessionIntent(
          "c2",
          1,
          true,
          AttachmentKind.CNI,
          "t2",
          Optional.empty(),
          Optional.empty(),
          new Peering(
              Ipv4Prefix.of("10.77.0.0/31"),
              Ipv4Address.of("10.77.0.1"),
              Ipv4Address.of("10.77.0.0"),
              Optional.empty(),
              new Asn(13335),
              Optional.empty()),
          List.of(),
          Routing.defaults(AttachmentKind.CNI),
          List.of());

  /** Writes, prints and reads back, as the two ends of the API do. */
  private static JsonNode overTheWire(ObjectNode node) {
    return AgentWire.parse(node.toString());
  }

  @Test
  void carriesASnapshotBothWays() {
    DesiredSnapshot snapshot =
        new DesiredSnapshot(
            "r1",
            42,
            HEADER,
            List.of(TRUNK),
            List.of(SESSION, BARE),
            Map.of("t1", new DesiredSnapshot.Recorded(3, "abc")),
            Optional.of("c2"));

    assertThat(AgentWire.readSnapshot(overTheWire(AgentWire.write(snapshot)))).isEqualTo(snapshot);
  }

  @Test
  void carriesChangesBothWays() {
    DesiredChanges changes =
        new DesiredChanges("r1", 7, 9, HEADER, List.of(TRUNK, SESSION), List.of("gone"), true);

    assertThat(AgentWire.readChanges(overTheWire(AgentWire.write(changes)))).isEqualTo(changes);
  }

  @Test
  void carriesAReportBothWays() {
    AgentReport report =
        new AgentReport(
            "r1",
            2,
            17,
            9,
            "hh",
            new AgentInfo("simulated", "1.0", "host-1", Map.of("connectDelay", "5s")),
            List.of(
                SubjectReport.applied("t1", 3, "abc"),
                SubjectReport.refused("c1", 5, "bird said no"),
                SubjectReport.observed(
                    "c2",
                    Optional.of(new LinkObservation(true, "LinkUp", "")),
                    Optional.of(new BgpObservation("Established", AT, "", 3, 2)))),
            List.of(new NetworkEvent("r1", AT, EventKind.DRIFT_REPAIRED, "c2", "put back")));

    assertThat(AgentWire.readReport(overTheWire(AgentWire.write(report)))).isEqualTo(report);
  }

  @Test
  void namesTheFieldOfAWrongType() {
    ObjectNode report =
        AgentWire.write(
            new AgentReport(
                "r1",
                1,
                1,
                0,
                "",
                new AgentInfo("simulated", "1", "h", Map.of()),
                List.of(
                    SubjectReport.observed(
                        "c2",
                        Optional.empty(),
                        Optional.of(new BgpObservation("Established", AT, "", 1, 1)))),
                List.of()));
    ((ObjectNode) report.path("subjects").get(0).path("bgp")).put("since", "yesterday");
    assertThatThrownBy(() -> AgentWire.readReport(report))
        .isInstanceOf(AgentWire.Malformed.class)
        .hasMessage(
            "subjects[0].bgp.since: must be an RFC 3339 time in UTC, such as 2026-01-31T12:00:00Z");

    report.put("epoch", "one");
    assertThatThrownBy(() -> AgentWire.readReport(report))
        .hasMessage("epoch: must be a whole number");
    report.put("epoch", -1);
    assertThatThrownBy(() -> AgentWire.readReport(report)).hasMessage("epoch: must be at least 0");
    report.remove("headerHash");
    report.put("epoch", 1);
    assertThatThrownBy(() -> AgentWire.readReport(report)).hasMessage("headerHash: is required");
  }

  @Test
  void refusesWhatIsNotAJsonObject() {
    assertThatThrownBy(() -> AgentWire.parse("{\"driver\": "))
        .hasMessage("the body is not valid JSON");
    assertThatThrownBy(() -> AgentWire.parse("[1]")).hasMessage("the body must be a JSON object");
    assertThatThrownBy(() -> AgentWire.parse("{} {}")).hasMessage("the body is not valid JSON");
    assertThatThrownBy(() -> AgentWire.parse("{\"epoch\": 1, \"epoch\": 2}"))
        .hasMessage("the body is not valid JSON");
    assertThatThrownBy(() -> AgentWire.readInfo(AgentWire.parse("{\"driver\": 5}")))
        .hasMessage("driver: must be a string");
    assertThatThrownBy(
            () ->
                AgentWire.readInfo(
                    AgentWire.parse(
                        "{\"driver\":\"d\",\"version\":\"v\",\"host\":\"h\",\"settings\":{\"a\":1}}")))
        .hasMessage("settings.a: must be a string");
  }

  @Test
  void refusesValuesNoRecordMayHoldWithoutEchoingThem() {
    ObjectNode snapshot =
        AgentWire.write(
            new DesiredSnapshot(
                "r1", 1, HEADER, List.of(), List.of(SESSION), Map.of(), Optional.empty()));
    ((ObjectNode) snapshot.path("sessions").get(0)).put("vlan", 9999);
    assertThatThrownBy(() -> AgentWire.readSnapshot(snapshot))
        .hasMessage("sessions[0].vlan: must be 2-4000");
    ((ObjectNode) snapshot.path("sessions").get(0)).put("vlan", 300);
    ((ObjectNode) snapshot.path("sessions").get(0).path("peering")).put("md5Key", "");
    assertThatThrownBy(() -> AgentWire.readSnapshot(snapshot))
        .hasMessage("sessions[0].peering.md5Key: must not be empty when present");
    ((ObjectNode) snapshot.path("sessions").get(0).path("peering")).put("md5Key", "k");
    ((ObjectNode) snapshot.path("sessions").get(0)).putArray("staticRoutes").add("10.0.0.0/33");
    assertThatThrownBy(() -> AgentWire.readSnapshot(snapshot))
        .hasMessage("sessions[0].staticRoutes[0]: must be an IPv4 prefix (a.b.c.d/n)");
  }

  @Test
  void holdsTheKeyOnlyWhereTheRouterNeedsIt() {
    String text =
        AgentWire.write(new DesiredChanges("r1", 0, 1, HEADER, List.of(SESSION), List.of(), false))
            .toString();

    assertThat(text).contains("\"md5Key\":\"wire-key\"");
    assertThat(SESSION.toString()).doesNotContain("wire-key");
  }
}
