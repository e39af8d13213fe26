package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.Artifact;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.Repair;
import dev.junction.network.SubjectState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a BIRD router shows: its kernel routes, its files and their modes, BIRD's own check
 * refusing a change, iproute2 refusing a link, and the link and protocol gone after a removal. The
 * driver-independent scenarios are in {@code RouterDriverContract}.
 */
class BirdDriverTest {
  private static final String KEY = "Bird\\Key with spaces";
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private BirdTestbed bed;
  private BirdDriver driver;
  private TrunkIntent trunk;

  @BeforeEach
  void open() throws Exception {
    bed = BirdTestbed.open(dir, TestIntents.header("10.255.0.1", "203.0.113.0/24"));
    driver = bed.driver();
    trunk = TestIntents.portTrunk("trk-1", bed.edgeTrunk);
  }

  @AfterEach
  void close() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  private SessionIntent session(String id, int vlan, int n, String key, String... statics) {
    return TestIntents.privateConnection(
        id, bed.edgeTrunk, vlan, "169.254." + n + ".0/30", key, statics);
  }

  private ApplyResult put(SessionIntent... sessions) {
    List<Rendered> put = new ArrayList<>();
    put.add(driver.render(bed.header, trunk));
    for (SessionIntent session : sessions) {
      put.add(driver.render(bed.header, session));
    }
    return driver.apply(
        new ChangeSet(Optional.of(driver.renderHeader(bed.header)), put, List.of()));
  }

  @Test
  void establishesWithMd5AndRoutesBothWaysAndStaticRoutesInTheKernel() throws Exception {
    SessionIntent session = session("cpc-1", 100, 10, KEY, "10.30.0.0/16");
    bed.customer.configure(session, Optional.of(KEY), List.of(Ipv4Prefix.of("10.20.0.0/16")));
    assertThat(put(session)).isEqualTo(new ApplyResult.Applied());

    awaitBgp(session, BgpObservation::established);
    await(
        "the edge takes the customer's prefix",
        () -> edgeRoutes("bgp_cpc_1").contains("10.20.0.0/16"));
    await(
        "the customer receives the provider's prefix",
        () -> bed.customer.received(session).contains(Ipv4Prefix.of("203.0.113.0/24")));
    await(
        "the customer's prefix is in the edge's kernel",
        () -> bed.lab.ip(bed.edge, "route", "show", "10.20.0.0/16").contains("proto bird"));
    String staticRoute = bed.lab.ip(bed.edge, "route", "show", "10.30.0.0/16");
    assertThat(staticRoute).contains("via 169.254.10.1").contains("proto bird");
    assertThat(bed.lab.ip(bed.edge, "route", "show", "203.0.113.0/24"))
        .as("announced prefixes are not blackholed into the kernel")
        .isBlank();

    Path conf = bed.configDir.resolve("sessions/cpc_1.conf");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(conf)).contains("password \"" + KEY + "\";");
    try (Stream<Path> files = Files.list(bed.configDir.resolve("sessions"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cpc_1.conf");
    }
    assertThat(Files.exists(bed.configDir.resolve(".junction-check.conf"))).isFalse();
  }

  @Test
  void aWrongKeyIsBlamedOnMd5() throws Exception {
    SessionIntent session = session("cpc-2", 101, 11, KEY);
    bed.customer.configure(session, Optional.of("Not-The-Key"), List.of());
    assertThat(put(session)).isEqualTo(new ApplyResult.Applied());
    BgpObservation bgp = awaitBgp(session, b -> !b.lastError().isEmpty());
    assertThat(bgp.established()).isFalse();
    assertThat(bgp.lastError()).contains("MD5").doesNotContain(KEY).doesNotContain("Not-The-Key");

    bed.customer.configure(session, Optional.of(KEY), List.of());
    awaitBgp(session, b -> b.established() && b.lastError().isEmpty());
  }

  @Test
  void anEditBehindItsBackShowsAsAnotherHashUntilRepaired() throws Exception {
    SessionIntent session = session("cpc-3", 102, 12, KEY);
    Rendered rendered = driver.render(bed.header, session);
    assertThat(put(session)).isEqualTo(new ApplyResult.Applied());
    Path conf = bed.configDir.resolve("sessions/cpc_3.conf");
    Files.writeString(conf, Files.readString(conf) + "# an operator was here\n");

    assertThat(driver.running(session.attachmentId()).orElseThrow().hash())
        .isNotEqualTo(rendered.hash());
    BirdDriver restarted = bed.restart();
    assertThat(restarted.running(session.attachmentId()).orElseThrow().hash())
        .as("a restarted driver recomputes the hash of what is on disk")
        .isNotEqualTo(rendered.hash());
    assertThat(restarted.apply(new ChangeSet(Optional.empty(), List.of(rendered), List.of())))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(restarted.running(session.attachmentId())).contains(rendered.asRunning());

    Files.writeString(conf, "# emptied\n");
    assertThat(bed.edgeControl.send("configure").isError()).isFalse();
    // BIRD shuts a removed BGP protocol down before it forgets it, after configure has answered.
    await(
        "the protocol is gone from BIRD",
        () -> bed.edgeControl.send("show protocols \"bgp_cpc_3\"").code() == 8003);
    List<Repair> repairs = restarted.repair();
    assertThat(repairs).extracting(Repair::subjectId).contains(session.attachmentId());
    assertThat(repairs).allSatisfy(r -> assertThat(r.message()).doesNotContain(KEY));
    assertThat(Files.readString(conf)).isEqualTo(artifact(rendered, "sessions/").content());
    assertThat(restarted.running(session.attachmentId())).contains(rendered.asRunning());
    assertThat(bed.edgeControl.send("show protocols \"bgp_cpc_3\"").isError())
        .as("the protocol is back")
        .isFalse();
  }

  @Test
  void aReconfigurationBirdRefusesPutsFilesAndLinksBack() throws Exception {
    SessionIntent kept = session("cpc-14", 113, 23, KEY, "10.35.0.0/16");
    assertThat(put(kept)).isEqualTo(new ApplyResult.Applied());
    Map<Path, FileTime> times = modificationTimes();
    String linksBefore = bed.lab.ip(bed.edge, "-o", "link", "show");

    // A file that passes BIRD's check on its own (the check covers only what changes) but
    // clashes with a protocol of another file, so that BIRD's configure refuses it.
    Rendered clash = driver.render(bed.header, session("cpc-15", 114, 24, KEY));
    List<Artifact> clashing = new ArrayList<>();
    for (Artifact artifact : clash.artifacts()) {
      clashing.add(
          artifact.name().startsWith("sessions/")
              ? new Artifact(
                  artifact.name(),
                  artifact.content() + "protocol static static_cpc_14 { ipv4; }\n",
                  artifact.secrets())
              : artifact);
    }
    ApplyResult result =
        driver.apply(
            new ChangeSet(
                Optional.empty(),
                List.of(new Rendered(clash.subjectId(), 1, clash.hash(), clashing)),
                List.of()));
    assertThat(result).isInstanceOf(ApplyResult.Refused.class);
    assertThat(((ApplyResult.Refused) result).reason())
        .startsWith("BIRD refused the new configuration: ")
        .contains("static_cpc_14")
        .doesNotContain(KEY)
        .doesNotContain(dir.toString());
    assertThat(modificationTimes()).isEqualTo(times);
    assertThat(bed.lab.ip(bed.edge, "-o", "link", "show")).isEqualTo(linksBefore);
    assertThat(driver.runningSubjects()).containsExactlyInAnyOrder("cpc-14", "trk-1");
    assertThat(bed.edgeControl.send("show protocols \"bgp_cpc_15\"").code()).isEqualTo(8003);
    assertThat(bed.edgeControl.send("configure").isError())
        .as("what is on disk is what BIRD ran before")
        .isFalse();
  }

  @Test
  void aNewDriverReadsBackWithoutTouchingAnything() throws Exception {
    SessionIntent session = session("cpc-4", 103, 13, KEY, "10.33.0.0/16");
    assertThat(put(session)).isEqualTo(new ApplyResult.Applied());
    Map<Path, FileTime> times = modificationTimes();
    long reconfigurations = reconfigurations();

    BirdDriver restarted = bed.restart();
    assertThat(restarted.running(session.attachmentId()))
        .contains(restarted.render(bed.header, session).asRunning());
    assertThat(restarted.running(RouterHeader.SUBJECT_ID))
        .contains(restarted.renderHeader(bed.header).asRunning());
    assertThat(restarted.runningSubjects()).containsExactlyInAnyOrder("cpc-4", "trk-1");
    assertThat(restarted.observe(List.of("cpc-4", "trk-1"))).containsKeys("cpc-4", "trk-1");
    assertThat(modificationTimes()).isEqualTo(times);
    assertThat(reconfigurations()).isEqualTo(reconfigurations);
  }

  @Test
  void removingASessionTakesItsProtocolLinkAndRoutesAway() throws Exception {
    SessionIntent session = session("cpc-5", 104, 14, KEY, "10.34.0.0/16");
    assertThat(put(session)).isEqualTo(new ApplyResult.Applied());
    assertThat(bed.lab.ip(bed.edge, "-o", "link", "show")).contains(bed.edgeTrunk + ".104@");

    assertThat(driver.apply(new ChangeSet(Optional.empty(), List.of(), List.of("cpc-5"))))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(bed.edgeControl.send("show protocols \"bgp_cpc_5\"").code()).isEqualTo(8003);
    assertThat(bed.edgeControl.send("show protocols \"static_cpc_5\"").code()).isEqualTo(8003);
    assertThat(bed.lab.ip(bed.edge, "-o", "link", "show")).doesNotContain(bed.edgeTrunk + ".104@");
    assertThat(bed.lab.ip(bed.edge, "route", "show", "10.34.0.0/16")).isBlank();
    assertThat(Files.exists(bed.configDir.resolve("sessions/cpc_5.conf"))).isFalse();
    assertThat(Files.exists(bed.configDir.resolve("links/cpc_5.link"))).isFalse();
    assertThat(driver.runningSubjects()).containsExactly("trk-1");
  }

  @Test
  void iproute2RefusingALinkLeavesEverythingAsItWas() throws Exception {
    SessionIntent kept = session("cpc-6", 105, 15, KEY);
    assertThat(put(kept)).isEqualTo(new ApplyResult.Applied());
    Map<Path, FileTime> times = modificationTimes();
    String linksBefore = bed.lab.ip(bed.edge, "-o", "link", "show");

    SessionIntent misplaced =
        TestIntents.privateConnection("cpc-7", bed.lab.id() + "x", 106, "169.254.16.0/30", KEY);
    SessionIntent second = session("cpc-8", 107, 17, KEY);
    ApplyResult result =
        driver.apply(
            new ChangeSet(
                Optional.empty(),
                List.of(driver.render(bed.header, second), driver.render(bed.header, misplaced)),
                List.of()));
    assertThat(result).isInstanceOf(ApplyResult.Refused.class);
    String reason = ((ApplyResult.Refused) result).reason();
    assertThat(reason).contains("cpc-7").contains("Cannot find device").doesNotContain(KEY);

    assertThat(bed.lab.ip(bed.edge, "-o", "link", "show"))
        .as("the link made for cpc-8 before cpc-7 failed is gone again")
        .isEqualTo(linksBefore);
    assertThat(modificationTimes()).isEqualTo(times);
    assertThat(driver.runningSubjects()).containsExactlyInAnyOrder("cpc-6", "trk-1");
    assertThat(bed.edgeControl.send("show protocols \"bgp_cpc_8\"").code()).isEqualTo(8003);
  }

  @Test
  void birdsOwnCheckRefusesABrokenFileWithoutShowingItsKey() throws Exception {
    SessionIntent kept = session("cpc-9", 108, 18, KEY);
    assertThat(put(kept)).isEqualTo(new ApplyResult.Applied());
    Map<Path, FileTime> times = modificationTimes();

    Rendered good = driver.render(bed.header, session("cpc-10", 109, 19, KEY));
    List<Artifact> broken = new ArrayList<>();
    for (Artifact artifact : good.artifacts()) {
      broken.add(
          artifact.name().startsWith("sessions/")
              ? new Artifact(
                  artifact.name(),
                  artifact.content().replace("hold time", "hold tyme"),
                  artifact.secrets())
              : artifact);
    }
    Rendered bad = new Rendered(good.subjectId(), good.revision(), good.hash(), broken);
    ApplyResult result = driver.apply(new ChangeSet(Optional.empty(), List.of(bad), List.of()));
    assertThat(result).isInstanceOf(ApplyResult.Refused.class);
    String reason = ((ApplyResult.Refused) result).reason();
    assertThat(reason)
        .startsWith("BIRD's check refused the change: sessions/cpc_10.conf:")
        .doesNotContain(KEY)
        .doesNotContain(dir.toString());
    assertThat(modificationTimes()).isEqualTo(times);
    assertThat(driver.running("cpc-10")).isEmpty();
    try (Stream<Path> files = Files.walk(bed.configDir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")))
          .isEmpty();
    }
  }

  @Test
  void refusesWhatItCannotRenderOrMake() throws Exception {
    assertThat(put()).isEqualTo(new ApplyResult.Applied());
    String badKey = "quote\"in key";
    ApplyResult quoted =
        driver.apply(
            new ChangeSet(
                Optional.empty(),
                List.of(driver.render(bed.header, session("cpc-11", 110, 20, badKey))),
                List.of()));
    assertThat(quoted).isInstanceOf(ApplyResult.Refused.class);
    assertThat(((ApplyResult.Refused) quoted).reason()).contains("MD5").doesNotContain(badKey);

    ApplyResult lag =
        driver.apply(
            new ChangeSet(
                Optional.empty(),
                List.of(driver.render(bed.header, BirdRendererTest.lagTrunk())),
                List.of()));
    assertThat(lag).isInstanceOf(ApplyResult.Refused.class);
    assertThat(((ApplyResult.Refused) lag).reason()).contains("cannot make bond");
    assertThat(driver.runningSubjects()).containsExactly("trk-1");
  }

  @Test
  void aFullCheckAppliesTheSame() throws Exception {
    bed.driver().close();
    driver =
        BirdDriver.builder(bed.configDir, bed.edgeSocket)
            .namespace(bed.edge)
            .linkLayer(LinkLayer.macvlan())
            .settings(BirdTestbed.SETTINGS.withLog(dir.resolve("edge/bird.log").toString()))
            .checkScope(BirdDriver.CheckScope.FULL)
            .build();
    try {
      SessionIntent a = session("cpc-12", 111, 21, KEY);
      SessionIntent b = session("cpc-13", 112, 22, "");
      assertThat(put(a, b)).isEqualTo(new ApplyResult.Applied());
      assertThat(driver.runningSubjects()).containsExactlyInAnyOrder("cpc-12", "cpc-13", "trk-1");
    } finally {
      driver.close();
    }
  }

  @Test
  void aCniComesUpUntaggedOnThePortSurvivesRepairsAndIsRemovedLeavingThePort() throws Exception {
    SessionIntent cni = untaggedCni("cni-1", "192.168.7.0/31");
    bed.customer.configure(cni, Optional.of(KEY), List.of(Ipv4Prefix.of("10.20.0.0/16")));
    java.util.Set<String> edgeLinks = linkNames(bed.edge);
    Rendered rendered = driver.render(bed.header, cni);
    assertThat(put(cni)).isEqualTo(new ApplyResult.Applied());

    assertThat(linkNames(bed.edge)).as("no link is made for it").isEqualTo(edgeLinks);
    assertThat(linkNames(bed.customerNamespace))
        .as("the customer has no sub-interface either")
        .containsExactlyInAnyOrder("lo", bed.customerTrunk);
    KernelLink port = edgePort();
    assertThat(port.addresses()).contains(Ipv4Prefix.of("192.168.7.1/31"));
    assertThat(port.mtu()).isEqualTo(1500);
    assertThat(Files.readString(bed.configDir.resolve("links/cni_1.link")))
        .contains("kind untagged");
    assertThat(Files.readString(bed.configDir.resolve("sessions/cni_1.conf")))
        .contains("interface \"" + bed.edgeTrunk + "\";");
    awaitBgp(cni, BgpObservation::established);
    assertThat(observeCni().link()).hasValueSatisfying(link -> assertThat(link.up()).isTrue());
    await(
        "the edge takes the customer's prefix over the port",
        () -> edgeRoutes("bgp_cni_1").contains("10.20.0.0/16"));
    assertThat(driver.repair()).as("nothing drifted yet").isEmpty();

    // The address removed behind Junction's back: observed, then put back by repair().
    bed.lab.ip(bed.edge, "address", "del", "192.168.7.1/31", "dev", bed.edgeTrunk);
    assertThat(observeCni().link())
        .hasValueSatisfying(link -> assertThat(link.reason()).isEqualTo("AddressMissing"));
    List<Repair> repairs = driver.repair();
    assertThat(repairs)
        .filteredOn(r -> r.subjectId().equals("cni-1"))
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("lacked address 192.168.7.1/31"));
    assertThat(repairs).allSatisfy(r -> assertThat(r.message()).doesNotContain(KEY));
    assertThat(edgePort().addresses()).contains(Ipv4Prefix.of("192.168.7.1/31"));
    awaitBgp(cni, BgpObservation::established);

    // The port set down: observed, then set up again by repair().
    bed.lab.ip(bed.edge, "link", "set", "dev", bed.edgeTrunk, "down");
    assertThat(observeCni().link())
        .hasValueSatisfying(link -> assertThat(link.reason()).isEqualTo("AdminDown"));
    assertThat(driver.repair())
        .filteredOn(r -> r.subjectId().equals("cni-1"))
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("was set down; set it up"));
    assertThat(edgePort().adminUp()).isTrue();
    awaitBgp(cni, BgpObservation::established);
    assertThat(driver.repair()).isEmpty();
    assertThat(driver.running("cni-1")).contains(rendered.asRunning());
    assertThat(bed.restart().running("cni-1"))
        .as("a restarted driver reads the untagged plan back")
        .contains(rendered.asRunning());
    driver = bed.driver();

    assertThat(driver.apply(new ChangeSet(Optional.empty(), List.of(), List.of("cni-1"))))
        .isEqualTo(new ApplyResult.Applied());
    KernelLink after = edgePort();
    assertThat(after.addresses()).doesNotContain(Ipv4Prefix.of("192.168.7.1/31"));
    assertThat(after.adminUp()).as("the port stays, and stays up").isTrue();
    assertThat(linkNames(bed.edge)).isEqualTo(edgeLinks);
    assertThat(bed.edgeControl.send("show protocols \"bgp_cni_1\"").code()).isEqualTo(8003);
    assertThat(Files.exists(bed.configDir.resolve("links/cni_1.link"))).isFalse();
    assertThat(Files.exists(bed.configDir.resolve("sessions/cni_1.conf"))).isFalse();
    assertThat(driver.runningSubjects()).containsExactly("trk-1");
    assertThat(driver.repair()).isEmpty();
  }

  @Test
  void removesAnUntaggedSessionWhoseAddressIsAlreadyGone() throws Exception {
    SessionIntent cni = untaggedCni("cni-2", "192.168.7.2/31");
    assertThat(put(cni)).isEqualTo(new ApplyResult.Applied());
    bed.lab.ip(bed.edge, "address", "del", "192.168.7.3/31", "dev", bed.edgeTrunk);

    assertThat(driver.apply(new ChangeSet(Optional.empty(), List.of(), List.of("cni-2"))))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(driver.runningSubjects()).containsExactly("trk-1");
    assertThat(edgePort().adminUp()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  /** Returns a CNI as the core gives it: on the trunk's port, without a VLAN, MTU 1500. */
  private SessionIntent untaggedCni(String id, String subnet) {
    return TestIntents.session(
        id,
        dev.junction.core.attachment.AttachmentKind.CNI,
        trunk.trunkId(),
        bed.edgeTrunk,
        0,
        TestIntents.peering(subnet, 65010, KEY),
        List.of(),
        new dev.junction.core.attachment.Routing(1500, List.of(), true),
        List.of());
  }

  private SubjectState observeCni() {
    return driver.observe(List.of("cni-1")).get("cni-1");
  }

  private KernelLink edgePort() throws Exception {
    KernelLink port =
        KernelLink.parseAll(bed.lab.ip(bed.edge, "-j", "-d", "address", "show")).get(bed.edgeTrunk);
    assertThat(port).as("the edge's port %s", bed.edgeTrunk).isNotNull();
    return port;
  }

  private java.util.Set<String> linkNames(String namespace) throws Exception {
    return KernelLink.parseAll(bed.lab.ip(namespace, "-j", "-d", "address", "show")).keySet();
  }

  private String edgeRoutes(String protocol) throws Exception {
    return bed.edgeControl.send("show route protocol " + protocol).text();
  }

  private long reconfigurations() throws Exception {
    Path log = dir.resolve("edge/bird.log");
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("Reconfiguring")).count();
    }
  }

  private Map<Path, FileTime> modificationTimes() throws Exception {
    Map<Path, FileTime> times = new HashMap<>();
    try (Stream<Path> files = Files.walk(bed.configDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        times.put(file, Files.getLastModifiedTime(file));
      }
    }
    return times;
  }

  private static Artifact artifact(Rendered rendered, String prefix) {
    return BirdRendererTest.artifact(rendered, prefix);
  }

  private BgpObservation awaitBgp(SessionIntent session, Predicate<BgpObservation> condition)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    SubjectState last = null;
    while (System.nanoTime() - deadline < 0) {
      last = driver.observe(List.of(session.attachmentId())).get(session.attachmentId());
      if (last != null && last.bgp().isPresent() && condition.test(last.bgp().get())) {
        return last.bgp().get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("waited " + PATIENCE + " for " + session.attachmentId() + ": " + last);
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + PATIENCE + " for " + what);
      }
      Thread.sleep(100);
    }
  }
}
