package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.server.Bursts.Reply;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router slower than the Cloudflare dialect's change wait: a CNI create and a CNI delete are
 * answered by the dialect's own 1010 error (JSON, {@code x-should-retry: false}, saying the change
 * was accepted) when the wait runs out, never by the web server's timeout; the change then finishes
 * on its own.
 */
class CloudflareChangeWaitTest {
  private static final String IAD_SLOT_3 = "497209d8-dabf-4f16-9fef-3e80a5579492";
  private static final Duration APPLY = Duration.ofSeconds(3);
  private static final Duration CHANGE_WAIT = Duration.ofSeconds(1);

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, Bursts.tuned(APPLY, CHANGE_WAIT, 2_000));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String cni(String account) {
    return "/client/v4/accounts/" + account + "/cni";
  }

  @Test
  void aChangeSlowerThanTheWaitIsAnsweredStillApplyingAndThenFinishes() {
    String account = "acct-slow";
    Answer interconnect =
        server.post(
            cni(account) + "/interconnects",
            "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\"}"
                .formatted(account, IAD_SLOT_3));
    assertThat(interconnect.status()).as(interconnect.text()).isEqualTo(200);
    String icon = interconnect.json().path("name").asText();
    Bursts.until(
        "the interconnect is healthy",
        Duration.ofSeconds(30),
        () ->
            server
                .get(cni(account) + "/interconnects/" + icon + "/status")
                .json()
                .path("state")
                .asText()
                .equals("Healthy"));

    Reply created =
        Bursts.all(
                server,
                "POST",
                cni(account) + "/cnis",
                List.of(
                    """
                    {"account": "%s", "interconnect": "%s",
                     "magic": {"conduit_name": "slow", "description": "", "mtu": 1500},
                     "bgp": {"customer_asn": 65000, "extra_prefixes": []}}
                    """
                        .formatted(account, icon)))
            .get(0);
    assertStillApplying(created);
    JsonNode listed = server.get(cni(account) + "/cnis").json().path("items");
    assertThat(listed.size()).as("the CNI was created").isEqualTo(1);
    String id = listed.get(0).path("id").asText();
    assertThat(created.json().path("errors").get(0).path("message").asText()).contains(id);
    Bursts.until(
        "the CNI turns active",
        Duration.ofSeconds(30),
        () -> Bursts.attachmentStatus(server, id).equals(Optional.of(ResourceStatus.ACTIVE)));

    Reply deleted = Bursts.all(server, "DELETE", cni(account) + "/cnis/" + id, List.of("")).get(0);
    assertStillApplying(deleted);
    assertThat(server.get(cni(account) + "/cnis/" + id).status())
        .as("a CNI being deleted is gone to the API")
        .isEqualTo(404);
    Bursts.until(
        "the CNI is deleted",
        Duration.ofSeconds(30),
        () -> Bursts.attachmentStatus(server, id).isEmpty());
  }

  private static void assertStillApplying(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(503);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.shouldRetry()).as("the SDKs must not send it again").isEqualTo("false");
    assertThat(reply.cloudflareCode()).isEqualTo(1010);
    assertThat(reply.json().path("errors").get(0).path("message").asText())
        .contains("was accepted")
        .contains("still applying");
  }
}
