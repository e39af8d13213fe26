package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "255.255.255.255", "169.254.10.2"})
  void readsDottedQuads(String text) {
    assertThat(Ipv4Address.parse(text)).get().hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0",
        "10.0.0.0.1",
        "256.0.0.1",
        "010.0.0.1",
        "10.0.0.-1",
        " 10.0.0.1",
        "10.0.0.1/32",
        "a.b.c.d",
        "1e1.0.0.1",
        "10..0.1",
        "1000.0.0.1"
      })
  void rejectsAnythingElse(String text) {
    assertThat(Ipv4Address.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/30, false, 10.0.0.0, 10.0.0.3, 4",
    "10.0.0.1/30, true, 10.0.0.0, 10.0.0.3, 4",
    "10.0.0.0/31, false, 10.0.0.0, 10.0.0.1, 2",
    "0.0.0.0/0, false, 0.0.0.0, 255.255.255.255, 4294967296",
    "192.168.1.7/32, false, 192.168.1.7, 192.168.1.7, 1"
  })
  void knowsItsHostBitsNetworkBroadcastAndSize(
      String text, boolean hostBits, String network, String broadcast, long size) {
    Ipv4Prefix prefix = Ipv4Prefix.parse(text).orElseThrow();
    assertThat(prefix.hasHostBitsSet()).isEqualTo(hostBits);
    assertThat(prefix.network()).hasToString(network);
    assertThat(prefix.broadcast()).hasToString(broadcast);
    assertThat(prefix.size()).isEqualTo(size);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/030",
        "10.0.0/8",
        "10.0.0.0/8/8"
      })
  void rejectsMalformedPrefixes(String text) {
    assertThat(Ipv4Prefix.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "172.16.0.0/12, 172.31.255.252/30, true",
    "172.16.0.0/12, 172.32.0.0/30, false",
    "10.0.0.0/8, 10.0.0.0/8, true",
    "10.0.0.0/8, 10.0.0.0/7, false"
  })
  void containsPrefixes(String outer, String inner, boolean contains) {
    assertThat(Ipv4Prefix.of(outer).contains(Ipv4Prefix.of(inner))).isEqualTo(contains);
  }
}
