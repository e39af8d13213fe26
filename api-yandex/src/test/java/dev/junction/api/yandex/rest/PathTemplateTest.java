package dev.junction.api.yandex.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

  @Test
  void matchesVariablesAndCustomVerbs() {
    PathTemplate move =
        PathTemplate.parse("/cic/v1/privateConnections/{private_connection_id}:move");
    assertThat(move.match("/cic/v1/privateConnections/abc:move"))
        .contains(Map.of("private_connection_id", "abc"));
    assertThat(move.match("/cic/v1/privateConnections/abc")).isEmpty();
    PathTemplate get = PathTemplate.parse("/cic/v1/privateConnections/{private_connection_id}");
    assertThat(get.match("/cic/v1/privateConnections/abc:move"))
        .as("a verb is not part of an id")
        .isEmpty();
    assertThat(get.match("/cic/v1/privateConnections/a%20b"))
        .contains(Map.of("private_connection_id", "a b"));
    assertThat(get.match("/cic/v1/privateConnections/")).isEmpty();
    assertThat(
            PathTemplate.parse("/cic/v1/trunkConnections:batchGet")
                .match("/cic/v1/trunkConnections:batchGet"))
        .contains(Map.of());
  }

  @Test
  void onePathSplitOnceMatchesEachTemplateInTurnUnchanged() {
    PathTemplate move =
        PathTemplate.parse("/cic/v1/privateConnections/{private_connection_id}:move");
    PathTemplate get = PathTemplate.parse("/cic/v1/privateConnections/{private_connection_id}");
    String[] parts = PathTemplate.split("/cic/v1/privateConnections/abc:move");

    assertThat(move.match(parts)).contains(Map.of("private_connection_id", "abc"));
    assertThat(parts).containsExactly("cic", "v1", "privateConnections", "abc:move");
    assertThat(get.match(parts)).as("a verb is not part of an id").isEmpty();
    assertThat(PathTemplate.split("cic/v1")).isNull();
  }

  @Test
  void decodesOnlyWhatIsEncodedAndKeepsAPlus() {
    PathTemplate get = PathTemplate.parse("/cic/v1/privateConnections/{private_connection_id}");
    assertThat(get.match("/cic/v1/privateConnections/a+b"))
        .contains(Map.of("private_connection_id", "a+b"));
    assertThat(get.match("/cic/v1/privateConnections/a%2Bb%2Fc"))
        .contains(Map.of("private_connection_id", "a+b/c"));
    assertThat(get.match("/cic/v1/private%43onnections/x"))
        .contains(Map.of("private_connection_id", "x"));
  }
}
