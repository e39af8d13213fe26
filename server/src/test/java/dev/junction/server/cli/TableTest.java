package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void alignsEachColumnToItsWidestCellWithoutTrailingSpaces() throws Exception {
    Table table =
        Table.of(
            Table.field("ID", "/id"),
            Table.field("PEER ASN", "/peering/asn"),
            Table.field("STATUS", "/status"));

    String text =
        table.render(
            List.of(
                json(
                    "{\"id\": \"cpc1\", \"peering\": {\"asn\": \"65001\"}, \"status\": \"ACTIVE\"}"),
                json("{\"id\": \"cpc-longer-id\", \"status\": \"CREATING\"}")));

    assertThat(text)
        .isEqualTo(
            "ID             PEER ASN  STATUS\n"
                + "cpc1           65001     ACTIVE\n"
                + "cpc-longer-id            CREATING\n");
  }

  @Test
  void printsOnlyTheHeaderForNoRows() {
    assertThat(Table.of(Table.field("NAME", "/name")).render(List.of())).isEqualTo("NAME\n");
  }

  @Test
  void joinsListsAndMapsAndKeepsEachRowOnOneLine() throws Exception {
    Table table =
        Table.of(
            Table.field("ROUTES", "/routes"),
            Table.field("LABELS", "/labels"),
            Table.field("NAME", "/name"));

    String text =
        table.render(
            List.of(
                json(
                    "{\"routes\": [{\"prefix\": \"10.0.0.0/8\"}, {\"prefix\": \"10.1.0.0/16\"}],"
                        + " \"labels\": {\"env\": \"prod\", \"team\": \"db\"},"
                        + " \"name\": \"a\\nb\\u001b[31m\"}")));

    assertThat(text.lines().toList())
        .containsExactly(
            "ROUTES                  LABELS            NAME",
            "10.0.0.0/8,10.1.0.0/16  env=prod,team=db  a b?[31m");
  }
}
