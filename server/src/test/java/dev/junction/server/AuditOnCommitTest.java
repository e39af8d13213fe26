package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Yandex mutation, answered with the operation it submitted, is in the audit log as soon as it is
 * answered: its record commits with the change. Other requests are recorded after their answer, as
 * before.
 */
class AuditOnCommitTest {
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String ACTION = "POST /cic/v1/privateConnections";

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String connection(String name, int vlan) {
    return """
        {"folderId": "audit-folder", "name": "%s", "trunkConnectionId": "%s", "vlanId": "%d",
         "ipv4Peering": {"peeringSubnet": "169.254.7.0/30", "peerIp": "169.254.7.1",
                         "cloudIp": "169.254.7.2", "peerBgpAsn": "65001"}}
        """
        .formatted(name, TRUNK, vlan);
  }

  private static List<JsonNode> events(String action) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode event : server.get("/admin/v1/audit?pageSize=1000").json().path("events")) {
      if (event.path("action").asText().equals(action)) {
        found.add(event);
      }
    }
    return found;
  }

  @Test
  void aYandexCreateIsRecordedBeforeItIsAnswered() {
    Answer created = server.post("/cic/v1/privateConnections", connection("audited", 700));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String id = created.json().path("metadata").path("privateConnectionId").asText();

    // Read at once, with no wait: the record committed with the create, before the answer, and
    // bears the create's time (a record written after the answer would bear a later one).
    List<JsonNode> records =
        events(ACTION).stream().filter(e -> e.path("resource").asText().equals(id)).toList();
    assertThat(records).as("the create's record").hasSize(1);
    JsonNode record = records.get(0);
    assertThat(record.path("outcome").asText()).isEqualTo("ok");
    assertThat(Instant.parse(record.path("at").asText()))
        .isEqualTo(Instant.parse(created.json().path("createdAt").asText()));
    assertThat(record.path("principal").asText()).isEqualTo("operator");
    assertThat(record.path("requestId").asText()).isNotEmpty();
    assertThat(record.path("source").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void aRefusedYandexCreateIsStillRecordedAfterItsAnswer() throws Exception {
    Answer refused =
        server.post(
            "/cic/v1/privateConnections",
            connection("refused", 700).replace("\"700\"", "\"9999\""));
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    JsonNode failed = null;
    for (int i = 0; i < 100 && failed == null; i++) {
      for (JsonNode event : events(ACTION)) {
        if (event.path("outcome").asText().equals("failed: HTTP 400")) {
          failed = event;
        }
      }
      if (failed == null) {
        Thread.sleep(50); // The log is written once the answer is sent.
      }
    }
    assertThat(failed).as("the refused create's record").isNotNull();
    assertThat(failed.path("resource").asText()).isEmpty();
  }
}
