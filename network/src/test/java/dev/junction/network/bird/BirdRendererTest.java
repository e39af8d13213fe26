package dev.junction.network.bird;

import static dev.junction.network.bird.TestIntents.header;
import static dev.junction.network.bird.TestIntents.peering;
import static dev.junction.network.bird.TestIntents.privateConnection;
import static dev.junction.network.bird.TestIntents.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Port;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.Artifact;
import dev.junction.network.Rendered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BirdRendererTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/bird");
  private static final String KEY = "Key\\with-backslash and spaces";

  private final BirdRenderer renderer = new BirdRenderer(BirdSettings.defaults());
  private final RouterHeader header = header("10.255.0.1", "203.0.113.0/24", "198.51.100.0/24");

  static SessionIntent privateWithMd5AndStaticRoutes() {
    return privateConnection(
        "cpc1md5static000001", "eth1", 100, "169.254.10.0/30", KEY, "10.20.0.0/16", "10.21.0.0/24");
  }

  static SessionIntent publicWithAcceptedPrefixes() {
    return session(
        "cpc2public000000002",
        AttachmentKind.PUBLIC,
        "trk-eth1",
        "eth1",
        200,
        peering("169.254.20.0/30", 65002, ""),
        List.of(),
        Routing.defaults(AttachmentKind.PUBLIC),
        List.of("185.10.0.0/22", "185.20.1.0/24"));
  }

  static SessionIntent cniWithExtraPrefixes() {
    return session(
        "0e2f1a7c-1d2b-4c3d-8e4f-5a6b7c8d9e0f",
        AttachmentKind.CNI,
        "trk-eth2",
        "enp129s0f1np1",
        4000,
        peering("192.168.3.4/31", 4_200_000_001L, "cni-key"),
        List.of(),
        new Routing(
            1500,
            List.of(
                dev.junction.core.net.Ipv4Prefix.of("0.0.0.0/0"),
                dev.junction.core.net.Ipv4Prefix.of("100.96.0.0/12")),
            true),
        List.of());
  }

  /** A Cloudflare CNI as the core gives it: on its interconnect's port, without a VLAN. */
  static SessionIntent untaggedCni() {
    return session(
        "7c1e5a2b-3d4f-4a6b-9c8d-0e1f2a3b4c5d",
        AttachmentKind.CNI,
        "trk-eth3",
        "enp129s0f1np1",
        0,
        peering("192.168.3.8/31", 4_200_000_002L, "cni-key"),
        List.of(),
        new Routing(1500, List.of(), true),
        List.of());
  }

  static SessionIntent withoutBgp() {
    return session(
        "cpc4nobgp0000000004",
        AttachmentKind.PRIVATE,
        "trk-eth1",
        "eth1",
        400,
        peering("169.254.40.0/30", 0, ""),
        List.of("10.40.0.0/16"),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }

  static TrunkIntent lagTrunk() {
    return new TrunkIntent(
        "trk5lag000000000abc123",
        2,
        true,
        JointKind.LAG,
        Optional.of("jlagabc123"),
        List.of(TestIntents.port("p1", "eth1"), TestIntents.port("p2", "eth2")));
  }

  @Test
  void rendersTheRouterHeader() throws IOException {
    assertGolden("router-header", renderer.renderHeader(header));
  }

  @Test
  void rendersAPrivateConnectionWithMd5AndStaticRoutes() throws IOException {
    assertGolden("private-md5-static", renderer.render(header, privateWithMd5AndStaticRoutes()));
  }

  @Test
  void rendersAPublicConnectionThatTakesOnlyItsAcceptedPrefixes() throws IOException {
    assertGolden("public-accepted", renderer.render(header, publicWithAcceptedPrefixes()));
  }

  @Test
  void rendersACniWithExtraPrefixesOnALongParentName() throws IOException {
    Rendered rendered = renderer.render(header, cniWithExtraPrefixes());
    assertGolden("cni-extra-prefixes", rendered);
    String link = artifact(rendered, "links/").content();
    assertThat(LinkPlan.parse(Stamp.body(link)).interfaceName().orElseThrow())
        .hasSizeLessThanOrEqualTo(15)
        .endsWith(".4000")
        .startsWith("enp129");
  }

  @Test
  void rendersAnUntaggedCniAsItsAddressOnThePortAndABgpSessionOverThePort() throws IOException {
    Rendered rendered = renderer.render(header, untaggedCni());
    assertGolden("cni-untagged", rendered);
    assertThat(LinkPlan.parse(Stamp.body(artifact(rendered, "links/").content())))
        .isEqualTo(
            new LinkPlan.Untagged(
                "enp129s0f1np1", dev.junction.core.net.Ipv4Prefix.of("192.168.3.9/31"), 1500));
    assertThat(artifact(rendered, "sessions/").content())
        .contains("interface \"enp129s0f1np1\";")
        .doesNotContain(BirdRenderer.REFUSAL);
  }

  @Test
  void refusesAnUntaggedSessionOnAnUnsafeInterfaceName() {
    SessionIntent untagged = untaggedCni();
    SessionIntent unsafe =
        new SessionIntent(
            untagged.attachmentId(),
            untagged.revision(),
            true,
            untagged.kind(),
            untagged.trunkId(),
            Optional.of("-eth1;rm"),
            Optional.empty(),
            untagged.peering(),
            untagged.staticRoutes(),
            untagged.routing(),
            untagged.acceptedPrefixes());
    Rendered rendered = renderer.render(header, unsafe);
    assertThat(rendered.artifacts())
        .extracting(Artifact::name)
        .containsExactly("sessions/7c1e5a2b_3d4f_4a6b_9c8d_0e1f2a3b4c5d.conf");
    assertThat(rendered.artifacts().get(0).content())
        .contains(BirdRenderer.REFUSAL + "interface name")
        .doesNotContain("protocol bgp");
  }

  @Test
  void rendersASessionWithoutBgpAsItsLinkAndStaticRoutes() throws IOException {
    assertGolden("no-bgp", renderer.render(header, withoutBgp()));
  }

  @Test
  void rendersALagTrunkAsABond() throws IOException {
    assertGolden("lag-trunk", renderer.render(header, lagTrunk()));
  }

  @Test
  void rendersAPortTrunkAsAPortThatMustExist() {
    Rendered rendered = renderer.render(header, TestIntents.portTrunk("trk-1", "eth1"));
    assertThat(rendered.artifacts()).extracting(Artifact::name).containsExactly("links/trk_1.link");
    assertThat(LinkPlan.parse(Stamp.body(artifact(rendered, "links/").content())))
        .isEqualTo(new LinkPlan.Port("eth1"));
  }

  @Test
  void rendersAPartnerTrunkAndItsSessionsWithoutLinks() {
    TrunkIntent partner =
        new TrunkIntent("trk-p", 1, true, JointKind.PARTNER, Optional.empty(), List.<Port>of());
    Rendered trunk = renderer.render(header, partner);
    assertThat(LinkPlan.parse(Stamp.body(trunk.artifacts().get(0).content())))
        .isEqualTo(new LinkPlan.None());

    SessionIntent session =
        privateConnection("cpc-partner", "", 0, "169.254.50.0/30", "", "10.50.0.0/16");
    Rendered rendered = renderer.render(header, session);
    assertThat(rendered.artifacts())
        .extracting(Artifact::name)
        .containsExactly("sessions/cpc_partner.conf");
    assertThat(rendered.artifacts().get(0).content())
        .contains("protocol bgp bgp_cpc_partner")
        .doesNotContain("interface");
  }

  @Test
  void neverShowsTheMd5KeyInRedactedTextOrToString() {
    for (SessionIntent session :
        List.of(privateWithMd5AndStaticRoutes(), cniWithExtraPrefixes(), untaggedCni())) {
      Rendered rendered = renderer.render(header, session);
      String key = session.peering().md5Key().orElseThrow().reveal();
      assertThat(artifact(rendered, "sessions/").content()).contains("password \"" + key + "\";");
      assertThat(rendered.toString()).doesNotContain(key);
      for (Artifact artifact : rendered.artifacts()) {
        assertThat(artifact.redacted()).doesNotContain(key);
        assertThat(artifact.toString()).doesNotContain(key);
      }
      assertThat(artifact(rendered, "sessions/").secrets()).containsExactly(key);
      assertThat(artifact(rendered, "links/").secrets()).isEmpty();
    }
  }

  @Test
  void refusesAnMd5KeyBirdCannotRead() {
    for (String key : List.of("has\"quote", "line\nbreak", "x".repeat(81))) {
      Rendered rendered =
          renderer.render(
              header, privateConnection("cpc-bad", "eth1", 100, "169.254.10.0/30", key));
      String conf = artifact(rendered, "sessions/").content();
      assertThat(conf).contains(BirdRenderer.REFUSAL).doesNotContain("password");
      assertThat(conf).doesNotContain(key);
      assertThat(rendered.toString()).doesNotContain(key);
    }
  }

  @Test
  void rendersTheSameInputToTheSameHashAndADifferentKeyToAnother() {
    Rendered a = renderer.render(header, privateWithMd5AndStaticRoutes());
    Rendered b = renderer.render(header, privateWithMd5AndStaticRoutes());
    assertThat(a.hash()).isEqualTo(b.hash());
    assertThat(a.artifacts())
        .extracting(Artifact::content)
        .isEqualTo(b.artifacts().stream().map(Artifact::content).toList());
    Rendered other =
        renderer.render(
            header,
            privateConnection(
                "cpc1md5static000001",
                "eth1",
                100,
                "169.254.10.0/30",
                "another key",
                "10.20.0.0/16",
                "10.21.0.0/24"));
    assertThat(other.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void hashesEveryFileAndTheRendererVersionButNotTheRevision() {
    Rendered rendered = renderer.render(header, privateWithMd5AndStaticRoutes());
    List<BirdRenderer.Body> bodies =
        rendered.artifacts().stream()
            .map(a -> new BirdRenderer.Body(a.name(), Stamp.body(a.content())))
            .toList();
    assertThat(BirdRenderer.digest(BirdRenderer.VERSION, bodies)).isEqualTo(rendered.hash());
    assertThat(BirdRenderer.digest("bird-0", bodies)).isNotEqualTo(rendered.hash());
    for (Artifact artifact : rendered.artifacts()) {
      Stamp stamp = Stamp.read(artifact.content()).orElseThrow();
      assertThat(stamp)
          .isEqualTo(new Stamp("cpc1md5static000001", 3, BirdRenderer.VERSION, rendered.hash()));
    }
  }

  @Test
  void namesProtocolsAndFilesAfterTheSubject() {
    assertThat(SubjectKey.of("cpc123").bgpProtocol()).isEqualTo("bgp_cpc123");
    assertThat(SubjectKey.of("0e2f1a7c-1d2b-4c3d-8e4f-5a6b7c8d9e0f").stem())
        .isEqualTo("0e2f1a7c_1d2b_4c3d_8e4f_5a6b7c8d9e0f");
    SubjectKey odd = SubjectKey.of("Odd Id/with:chars");
    assertThat(odd.stem()).matches("oddidwithchars_x[0-9a-f]{12}");
    assertThat(SubjectKey.of("Odd Id/with:chars!").stem()).isNotEqualTo(odd.stem());
  }

  @Test
  void derivesShortSubInterfaceNames() {
    assertThat(KernelNames.subInterface("eth1", 100)).isEqualTo("eth1.100");
    assertThat(KernelNames.subInterface("jlagabc123", 4000)).isEqualTo("jlagabc123.4000");
    String long1 = KernelNames.subInterface("enp129s0f1np1", 4000);
    String long2 = KernelNames.subInterface("enp129s0f1np2", 4000);
    assertThat(long1).hasSize(15).isNotEqualTo(long2);
    assertThat(KernelNames.subInterface("enp129s0f1np1", 4000)).isEqualTo(long1);
    assertThat(KernelNames.isSafe(long1)).isTrue();
  }

  @Test
  void rendersFilesBirdParses(@TempDir Path dir) throws Exception {
    LabRequirements.requireBird();
    List<Rendered> all =
        List.of(
            renderer.renderHeader(header),
            renderer.render(header, privateWithMd5AndStaticRoutes()),
            renderer.render(header, publicWithAcceptedPrefixes()),
            renderer.render(header, cniWithExtraPrefixes()),
            renderer.render(header, untaggedCni()),
            renderer.render(header, withoutBgp()),
            renderer.render(header, lagTrunk()));
    Files.createDirectories(dir.resolve(BirdRenderer.SESSIONS_DIR));
    Files.createDirectories(dir.resolve(BirdRenderer.LINKS_DIR));
    for (Rendered rendered : all) {
      for (Artifact artifact : rendered.artifacts()) {
        Files.writeString(dir.resolve(artifact.name()), artifact.content());
      }
    }
    Path bird = LabRequirements.findOnPath("bird").get(0);
    Process parse =
        new ProcessBuilder(
                bird.toString(), "-p", "-c", dir.resolve(BirdRenderer.MAIN_FILE).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(parse.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(parse.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(parse.exitValue()).as("bird -p says: %s", output).isZero();
  }

  static Artifact artifact(Rendered rendered, String prefix) {
    return rendered.artifacts().stream()
        .filter(a -> a.name().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  private static void assertGolden(String name, Rendered rendered) throws IOException {
    boolean update = "1".equals(System.getenv("GOLDEN_UPDATE"));
    for (Artifact artifact : rendered.artifacts()) {
      Path file = GOLDEN.resolve(name).resolve(artifact.name());
      if (update || !Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, artifact.content(), StandardCharsets.UTF_8);
        if (!update) {
          fail("wrote the missing golden file " + file + "; check it and run again");
        }
      }
      assertThat(artifact.content())
          .as("golden file %s (GOLDEN_UPDATE=1 rewrites it)", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
    try (var listed = Files.walk(GOLDEN.resolve(name))) {
      assertThat(listed.filter(Files::isRegularFile).count())
          .as("golden files of %s", name)
          .isEqualTo(rendered.artifacts().size());
    }
  }
}
