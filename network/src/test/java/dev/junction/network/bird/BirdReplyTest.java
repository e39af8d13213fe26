package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads replies captured from a real BIRD 2.0.12. */
class BirdReplyTest {

  @Test
  void readsTheGreetingAndActionReplies() {
    Map<String, BirdReply> replies = Transcripts.replies("commands.txt");
    assertThat(replies.get("").code()).isEqualTo(1);
    assertThat(replies.get("").finalText()).isEqualTo("BIRD 2.0.12 ready.");

    BirdReply check = replies.get("configure check \"/etc/junction/bird/bird.conf\"");
    assertThat(check.isError()).isFalse();
    assertThat(check.code()).isEqualTo(20);
    assertThat(check.text())
        .isEqualTo("Reading configuration from /etc/junction/bird/bird.conf\nConfiguration OK");
    assertThat(replies.get("configure").code()).isEqualTo(3);
    assertThat(replies.get("show protocols \"nosuch\"").code()).isEqualTo(8003);
    assertThat(replies.get("disable \"j_a\"").withCode(9)).hasSize(1);
    assertThat(replies.get("enable \"j_a\" (again)").lines().get(0).code()).isEqualTo(10);
  }

  @Test
  void readsErrorsWithTheirCode() {
    Map<String, BirdReply> replies = Transcripts.replies("errors.txt");
    BirdReply broken = replies.get("configure check \"/etc/junction/bird/bird.conf\"");
    assertThat(broken.isError()).isTrue();
    assertThat(broken.code()).isEqualTo(8002);
    assertThat(broken.finalText())
        .isEqualTo("/etc/junction/bird/bird.conf:1:0 syntax error, unexpected END");
    assertThat(replies.get("show protocols all nosuch").code()).isEqualTo(9001);
  }

  @Test
  void continuationLinesKeepTheirCode() {
    BirdReply reply = Transcripts.reply("show-protocols.txt");
    assertThat(reply.withCode(1002)).hasSize(5);
    assertThat(reply.withCode(2002)).hasSize(1);
    assertThat(reply.code()).isZero();
  }

  @Test
  void refusesLinesOutsideTheProtocol() {
    BirdReply.Collector collector = new BirdReply.Collector();
    assertThatThrownBy(() -> collector.accept("hello"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new BirdReply.Collector().accept("0000")).isTrue();
  }

  @Test
  void readsProtocolRows() {
    List<ProtocolStatus> protocols = ProtocolStatus.parse(Transcripts.reply("show-protocols.txt"));
    assertThat(protocols)
        .extracting(ProtocolStatus::name)
        .containsExactly("device1", "kernel1", "jorigin", "j_a", "j_a_static");
    ProtocolStatus bgp = protocols.get(3);
    assertThat(bgp.proto()).isEqualTo("BGP");
    assertThat(bgp.state()).isEqualTo("start");
    assertThat(bgp.bgpState()).isEqualTo("Connect");
    assertThat(bgp.since()).contains(Instant.ofEpochSecond(1796004743, 140_000_000));
    assertThat(bgp.running()).isTrue();
  }

  @Test
  void readsAnEstablishedSessionWithItsRoutes() {
    ProtocolStatus bgp =
        ProtocolStatus.parse(Transcripts.reply("show-protocols-all-established.txt")).get(0);
    assertThat(bgp.state()).isEqualTo("up");
    assertThat(bgp.bgpState()).isEqualTo("Established");
    assertThat(bgp.lastError()).isEmpty();
    assertThat(bgp.routesImported()).isEqualTo(1);
    assertThat(bgp.routesExported()).isEqualTo(1);
  }

  @Test
  void readsTheLastErrorOfASessionThatWentDown() {
    ProtocolStatus bgp =
        ProtocolStatus.parse(Transcripts.reply("show-protocols-all-connect-error.txt")).get(0);
    assertThat(bgp.bgpState()).isEqualTo("Connect");
    assertThat(bgp.lastError()).isEqualTo("Received: Other configuration change");
    assertThat(bgp.routesImported()).isZero();
  }

  @Test
  void readsADisabledProtocolAsNotRunning() {
    ProtocolStatus bgp =
        ProtocolStatus.parse(Transcripts.reply("show-protocols-all-disabled.txt")).get(0);
    assertThat(bgp.state()).isEqualTo("down");
    assertThat(bgp.bgpState()).isEqualTo("Down");
    assertThat(bgp.running()).isFalse();
  }

  @Test
  void readsEveryProtocolOfAFullListing() {
    List<ProtocolStatus> protocols =
        ProtocolStatus.parse(Transcripts.reply("show-protocols-all.txt"));
    assertThat(protocols).hasSize(5);
    assertThat(protocols.get(3).name()).isEqualTo("j_a");
  }

  @Test
  void anErrorReplyHasNoProtocols() {
    assertThat(
            ProtocolStatus.parse(
                Transcripts.replies("commands.txt").get("show protocols \"nosuch\"")))
        .isEmpty();
  }

  @Test
  void readsEpochTimesWithFractions() {
    assertThat(ProtocolStatus.parseSince("1796004743.14"))
        .contains(Instant.ofEpochSecond(1796004743, 140_000_000));
    assertThat(ProtocolStatus.parseSince("1796004743")).contains(Instant.ofEpochSecond(1796004743));
    assertThat(ProtocolStatus.parseSince("02:12:39.254")).isEmpty();
  }

  @Test
  void readsTheKernelsMd5Counters() {
    Md5Counters counters = Md5Counters.parse(Transcripts.resource("netstat.txt"));
    assertThat(counters.failure()).isPositive();
    assertThat(counters.since(counters).isZero()).isTrue();
    assertThat(new Md5Counters(10, 1, 0).since(new Md5Counters(4, 1, 0)))
        .isEqualTo(new Md5Counters(6, 0, 0));
    assertThat(Md5Counters.parse("Ip: Forwarding\nIp: 1\n")).isEqualTo(Md5Counters.ZERO);
  }

  @Test
  void readsKernelLinksFromIpJson() {
    Map<String, KernelLink> links =
        KernelLink.parseAll(Transcripts.resource("ip-address-show.json"));
    assertThat(links).containsKeys("lo", "jxcv", "jxcw", "jxcv.100", "jxcv.200");
    KernelLink sub = links.get("jxcv.100");
    assertThat(sub.kind()).isEqualTo("macvlan");
    assertThat(sub.parent()).contains("jxcv");
    assertThat(sub.mtu()).isEqualTo(8910);
    assertThat(sub.operUp()).isTrue();
    assertThat(sub.addresses())
        .containsExactly(dev.junction.core.net.Ipv4Prefix.of("169.254.10.2/30"));
    KernelLink down = links.get("jxcv.200");
    assertThat(down.adminUp()).isFalse();
    assertThat(down.operUp()).isFalse();
  }

  @Test
  void readsJsonValues() {
    Object value = IpJson.parse("[{\"a\": \"x\\\"y\\u0041\", \"b\": [1, 2.5, true, null]}]");
    assertThat(value).isInstanceOf(List.class);
    Map<?, ?> object = (Map<?, ?>) ((List<?>) value).get(0);
    assertThat(object.get("a")).isEqualTo("x\"yA");
    List<Object> values = new java.util.ArrayList<>((List<?>) object.get("b"));
    assertThat(values).containsExactly(1L, 2.5, true, IpJson.NULL);
    assertThatThrownBy(() -> IpJson.parse("[1,")).isInstanceOf(IllegalArgumentException.class);
  }
}
