package dev.junction.network.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.RouterRenderer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterPlanTest {
  private static final String KEY = "planMd5Secret-7c1";
  private static final RouterHeader HEADER =
      new RouterHeader(new Router("r1", "pop", "r1", "10.255.0.1"), List.of());
  private static final RouterRenderer RENDERER =
      RendererFactory.standard().renderer("r1", "simulated", Map.of());

  private static TrunkIntent trunk(String id, long revision, boolean present) {
    return new TrunkIntent(id, revision, present, JointKind.PORT, Optional.of("eth1"), List.of());
  }

  private static SessionIntent session(String id, long revision, boolean present) {
    return new SessionIntent(
        id,
        revision,
        present,
        AttachmentKind.PRIVATE,
        "t1",
        Optional.of("eth1"),
        Optional.of(new VlanId(100)),
        new Peering(
            Ipv4Prefix.of("169.254.0.0/30"),
            Ipv4Address.of("169.254.0.1"),
            Ipv4Address.of("169.254.0.2"),
            Optional.of(new Asn(65001)),
            new Asn(200350),
            Optional.of(Md5Key.of(KEY))),
        List.of(),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }

  private static DesiredSnapshot page(
      List<TrunkIntent> trunks,
      List<SessionIntent> sessions,
      Map<String, DesiredSnapshot.Recorded> recorded) {
    return new DesiredSnapshot("r1", 7, HEADER, trunks, sessions, recorded, Optional.empty());
  }

  private static String hash(SessionIntent session) {
    return RENDERER.render(HEADER, session).hash();
  }

  @Test
  void addsWhatTheRouterNeverAppliedWithTheKeyMasked() {
    List<RouterPlan.Step> steps =
        RouterPlan.steps(
            page(List.of(), List.of(session("c1", 1, true)), Map.of()), Optional.of(RENDERER));

    assertThat(steps)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.action()).isEqualTo(RouterPlan.Action.ADD);
              assertThat(s.kind()).isEqualTo("session");
              assertThat(s.artifacts()).isNotEmpty();
            });
    String shown = steps.get(0).artifacts().get(0).content();
    assertThat(shown).doesNotContain(KEY).contains("********").contains("vlan 100");
  }

  @Test
  void leavesAloneWhatTheRouterRunsAsRendered() {
    SessionIntent current = session("c1", 2, true);
    List<RouterPlan.Step> steps =
        RouterPlan.steps(
            page(
                List.of(),
                List.of(current),
                Map.of("c1", new DesiredSnapshot.Recorded(2, hash(current)))),
            Optional.of(RENDERER));

    assertThat(steps).isEmpty();
  }

  @Test
  void changesWhatRunsAnOlderRevisionOrAnotherRendering() {
    SessionIntent behind = session("c1", 3, true);
    SessionIntent rendered = session("c2", 1, true);
    List<RouterPlan.Step> steps =
        RouterPlan.steps(
            page(
                List.of(),
                List.of(behind, rendered),
                Map.of(
                    "c1", new DesiredSnapshot.Recorded(2, hash(behind)),
                    "c2", new DesiredSnapshot.Recorded(1, "another"))),
            Optional.of(RENDERER));

    assertThat(steps)
        .extracting(RouterPlan.Step::subjectId, RouterPlan.Step::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c1", RouterPlan.Action.CHANGE),
            org.assertj.core.groups.Tuple.tuple("c2", RouterPlan.Action.CHANGE));
    assertThat(steps.get(0).appliedRevision()).isEqualTo(2);
  }

  @Test
  void removesWhatIsBeingDeletedOnlyIfTheRouterRanIt() {
    List<RouterPlan.Step> steps =
        RouterPlan.steps(
            page(
                List.of(trunk("t1", 4, false)),
                List.of(session("c1", 2, false), session("c2", 2, false)),
                Map.of(
                    "t1", new DesiredSnapshot.Recorded(3, "h"),
                    "c1", new DesiredSnapshot.Recorded(2, ""))),
            Optional.of(RENDERER));

    assertThat(steps)
        .extracting(RouterPlan.Step::subjectId, RouterPlan.Step::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("t1", RouterPlan.Action.REMOVE));
  }

  @Test
  void findsChangesByRevisionWithoutARenderer() {
    List<RouterPlan.Step> steps =
        RouterPlan.steps(
            page(
                List.of(trunk("t1", 2, true)),
                List.of(session("c1", 1, true)),
                Map.of("c1", new DesiredSnapshot.Recorded(1, "whatever"))),
            Optional.empty());

    assertThat(steps)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.subjectId()).isEqualTo("t1");
              assertThat(s.action()).isEqualTo(RouterPlan.Action.ADD);
              assertThat(s.artifacts()).isEmpty();
            });
    assertThat(RouterPlan.header(HEADER, "", Optional.empty())).isEmpty();
  }

  @Test
  void showsAHeaderTheRouterDoesNotRun() {
    String running = RENDERER.renderHeader(HEADER).hash();

    assertThat(RouterPlan.header(HEADER, running, Optional.of(RENDERER))).isEmpty();
    assertThat(RouterPlan.header(HEADER, "old", Optional.of(RENDERER)))
        .hasValueSatisfying(h -> assertThat(h.desiredHash()).isEqualTo(running));
  }

  @Test
  void hasNoRendererForADriverItDoesNotKnow() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RendererFactory.standard().renderer("r1", "frr", Map.of()))
        .isInstanceOf(RendererFactory.UnknownDriver.class)
        .hasMessageContaining("unknown driver frr");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RendererFactory.standard()
                    .renderer("r1", "bird", Map.of("connectDelay", "whenever")))
        .isInstanceOf(RendererFactory.UnknownDriver.class);
  }

  @Test
  void rendersABirdRouterAsItsAgentReportedIt() {
    assertThat(
            RendererFactory.standard()
                .renderer("r1", "bird", Map.of("connectDelay", "1s"))
                .renderHeader(HEADER)
                .artifacts())
        .isNotEmpty();
  }
}
