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
}
