package dev.junction.network.simulated;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.SubjectState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SimulatedRouterTest {
  private static final Duration APPLY = Duration.ofMillis(100);
  private static final Duration LINK_UP = Duration.ofMillis(200);
  private static final Duration ESTABLISH = Duration.ofMillis(300);

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
  private final SimulatedNetwork network =
      new SimulatedNetwork(now::get, new SimulatedTimings(APPLY, LINK_UP, ESTABLISH));
  private final SimulatedRouter router = network.router("r1");
  private RouterHeader header = header(List.of());

  private static RouterHeader header(List<NetworkFault> faults) {
    return new RouterHeader(
        new Router("r1", "pop1", "r1", "10.255.0.1", List.of(Ipv4Prefix.of("203.0.113.0/24"))),
        faults);
  }

  private static TrunkIntent trunk() {
    Port port =
        new Port(
            "p1",
            "et-0/0/1",
            "pop1",
            "r1",
            "10G",
            Bandwidth.gbps(10),
            TransceiverType.BASE_10G_LR,
            "r1");
    return new TrunkIntent("t1", 1, true, JointKind.PORT, Optional.of("et-0-0-1"), List.of(port));
  }

  private static SessionIntent session(String id, int vlan, String key, int routes) {
    List<Ipv4Prefix> statics =
        java.util.stream.IntStream.range(0, routes)
            .mapToObj(i -> Ipv4Prefix.of("10." + i + ".0.0/16"))
            .toList();
    return new SessionIntent(
        id,
        1,
        true,
        AttachmentKind.PRIVATE,
        "t1",
        Optional.of("et-0-0-1"),
        Optional.of(new VlanId(vlan)),
        new Peering(
            Ipv4Prefix.of("169.254.0.0/30"),
            Ipv4Address.parse("169.254.0.1").orElseThrow(),
            Ipv4Address.parse("169.254.0.2").orElseThrow(),
            Optional.of(new Asn(65001)),
            new Asn(200350),
            Optional.of(Md5Key.of(key))),
        statics,
        new Routing(8910, List.of(), true),
        List.of());
  }

  @org.junit.jupiter.api.BeforeEach
  void runsTheHeader() {
    router.apply(new ChangeSet(Optional.of(router.renderHeader(header)), List.of(), List.of()));
  }

  private void tick(Duration duration) {
    now.set(now.get().plus(duration));
  }

  private ApplyResult put(Object... intents) {
    List<Rendered> rendered =
        java.util.Arrays.stream(intents)
            .map(i -> router.render(header, (dev.junction.core.network.SubjectIntent) i))
            .toList();
    return router.apply(new ChangeSet(Optional.empty(), rendered, List.of()));
  }

  private SubjectState observe(String id) {
    return router.observe(List.of(id)).get(id);
  }

  @Test
  void runsEachChangeItsOwnDelayAfterItWasGivenWhateverArrivesMeanwhile() {
    assertThat(put(trunk())).isInstanceOf(ApplyResult.Accepted.class);
    for (int i = 0; i < 20; i++) {
      tick(Duration.ofMillis(50));
      put(session("a" + i, 100 + i, "key", 0));
      // The change given 100 ms ago runs now, although a new one arrived every 50 ms.
      if (i >= 2) {
        assertThat(router.running("a" + (i - 2))).isPresent();
      }
      assertThat(router.running("a" + (i - 1))).isEmpty();
    }
  }

  @Test
  void answersWithTheDigestItWasGivenWhateverItsForm() {
    Rendered trunk = router.render(header, trunk());
    Rendered session = router.render(header, session("a1", 100, "key", 0));
    String upperCase = session.hash().toUpperCase(java.util.Locale.ROOT);
    router.apply(
        new ChangeSet(
            Optional.empty(),
            List.of(
                trunk,
                new Rendered("a1", 7, upperCase, session.artifacts()),
                new Rendered("a2", 8, "not-a-sha-256", session.artifacts()),
                // An id of another form than Junction's, with a digest of this router's form.
                new Rendered("Session_3", 9, session.hash(), session.artifacts())),
            List.of()));
    tick(APPLY);
    assertThat(router.running("Session_3").orElseThrow())
        .isEqualTo(new dev.junction.network.RunningSubject("Session_3", 9, session.hash()));
    assertThat(router.runningSubjects()).contains("Session_3", "a1", "a2", "t1");
    assertThat(session.hash()).matches("[0-9a-f]{32}");
    assertThat(router.running("t1").orElseThrow())
        .isEqualTo(new dev.junction.network.RunningSubject("t1", 1, trunk.hash()));
    assertThat(router.running("a1").orElseThrow().hash()).isEqualTo(upperCase);
    assertThat(router.running("a1").orElseThrow().revision()).isEqualTo(7);
    assertThat(router.running("a2").orElseThrow().hash()).isEqualTo("not-a-sha-256");
  }

  @Test
  void tellsAWrongCustomerKeyFromTheRightOne() {
    put(trunk(), session("a1", 100, "key", 0));
    network.customerKey("a1", Optional.of("other"));
    tick(Duration.ofSeconds(1));
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Connect");
    network.customerKey("a1", Optional.of("key"));
    assertThat(observe("a1").bgp().orElseThrow().established()).isTrue();
    network.customerKey("a1", Optional.empty());
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Connect");
  }

  @Test
  void bringsTheLinkUpAndThenEstablishesTheSessionWithItsCounts() {
    put(trunk(), session("a1", 100, "key", 3));
    tick(APPLY);
    assertThat(observe("a1").link().orElseThrow().reason()).isEqualTo("NoLight");
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Idle");
    tick(LINK_UP);
    assertThat(observe("a1").link().orElseThrow().up()).isTrue();
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Connect");
    tick(ESTABLISH);
    BgpObservation bgp = observe("a1").bgp().orElseThrow();
    assertThat(bgp.established()).isTrue();
    assertThat(bgp.since()).isEqualTo(now.get());
    assertThat(bgp.routesImported()).isEqualTo(3);
    assertThat(bgp.routesExported()).isEqualTo(1);
  }

  @Test
  void reportsAtMostWhatAnEntryHoldsOfACount() {
    SessionIntent few = session("a1", 100, "key", 0);
    List<Ipv4Prefix> many =
        java.util.stream.IntStream.range(0, 70_000)
            .mapToObj(
                i ->
                    Ipv4Prefix.of(
                        "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255) + "/32"))
            .toList();
    SessionIntent session =
        new SessionIntent(
            few.attachmentId(),
            few.revision(),
            few.present(),
            few.kind(),
            few.trunkId(),
            few.parentInterface(),
            few.vlan(),
            few.peering(),
            many,
            few.routing(),
            few.acceptedPrefixes());
    put(trunk(), session);
    tick(APPLY.plus(LINK_UP).plus(ESTABLISH));
    assertThat(observe("a1").bgp().orElseThrow().routesImported()).isEqualTo(65_535);
  }

  @Test
  void keepsASessionUpWhileAnotherChangesAndRestartsOnlyTheOneWhoseKeyChanged() {
    put(trunk(), session("a1", 100, "key", 0), session("a2", 101, "key", 0));
    tick(Duration.ofSeconds(1));
    Instant a1Since = observe("a1").bgp().orElseThrow().since();
    put(session("a2", 101, "other-key", 0), session("a1", 100, "key", 2));
    tick(APPLY);
    assertThat(observe("a1").bgp().orElseThrow().since()).isEqualTo(a1Since);
    assertThat(observe("a1").bgp().orElseThrow().established()).isTrue();
    assertThat(observe("a2").bgp().orElseThrow().state()).isEqualTo("Connect");
  }

  @Test
  void aCustomerWithAnotherKeyNeverEstablishesAndSaysWhy() {
    network.customerKey("a1", Optional.of("not-the-key"));
    put(trunk(), session("a1", 100, "key", 0));
    tick(Duration.ofSeconds(5));
    BgpObservation bgp = observe("a1").bgp().orElseThrow();
    assertThat(bgp.established()).isFalse();
    assertThat(bgp.lastError()).contains("MD5");
    network.customerMatches("a1");
    assertThat(observe("a1").bgp().orElseThrow().established()).isTrue();
  }

  @Test
  void faultsComeWithTheHeaderAndTakeEffectAtOnce() {
    put(trunk(), session("a1", 100, "key", 0));
    tick(Duration.ofSeconds(1));
    header =
        header(
            List.of(
                new NetworkFault("r1", FaultKind.LINK, "et-0-0-1", "no light"),
                new NetworkFault("r1", FaultKind.REFUSAL, "r1", "maintenance")));
    router.apply(new ChangeSet(Optional.of(router.renderHeader(header)), List.of(), List.of()));
    assertThat(observe("t1").link().orElseThrow().up()).isFalse();
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Idle");
    assertThat(put(session("a2", 102, "key", 0))).isEqualTo(new ApplyResult.Refused("maintenance"));
    assertThat(router.running("router")).contains(router.renderHeader(header).asRunning());
  }

  @Test
  void repairsWhatWasChangedBehindItsBack() {
    put(trunk(), session("a1", 100, "key", 0));
    tick(Duration.ofSeconds(1));
    Rendered rendered = router.render(header, session("a1", 100, "key", 0));
    router.tamper("a1", SimulatedRouter.Drift.PROTOCOL_DISABLED);
    assertThat(observe("a1").bgp().orElseThrow().state()).isEqualTo("Down");
    assertThat(router.repair())
        .singleElement()
        .satisfies(r -> assertThat(r.subjectId()).isEqualTo("a1"));
    assertThat(observe("a1").bgp().orElseThrow().established()).isTrue();
    router.tamper("a1", SimulatedRouter.Drift.CONFIG_EDITED);
    assertThat(router.running("a1").orElseThrow().hash()).isNotEqualTo(rendered.hash());
    assertThat(router.repair()).hasSize(1);
    assertThat(router.running("a1").orElseThrow().hash()).isEqualTo(rendered.hash());
    assertThat(router.repair()).isEmpty();
  }

  @Test
  void neverShowsTheKeyInWhatItRendersForDisplay() {
    Rendered rendered = router.render(header, session("a1", 100, "s3cret-md5", 0));
    assertThat(rendered.artifacts().get(0).content()).contains("s3cret-md5");
    assertThat(rendered.artifacts().get(0).redacted()).doesNotContain("s3cret-md5");
    assertThat(rendered.toString()).doesNotContain("s3cret-md5");
  }
}
