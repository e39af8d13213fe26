package dev.junction.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Asn;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Violations;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeeringDraftTest {
  private static final Asn CLOUD = new Asn(200350);

  private static List<String> fieldsBroken(PeeringDraft draft) {
    Violations violations = new Violations();
    Optional<Peering> peering = draft.validate("peering", CLOUD, violations);
    assertThat(peering.isPresent()).isEqualTo(violations.isEmpty());
    return violations.list().stream().map(FieldViolation::field).toList();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/30, 10.0.0.1, 10.0.0.2",
    "172.31.255.252/30, 172.31.255.253, 172.31.255.254",
    "192.168.0.0/31, 192.168.0.0, 192.168.0.1",
    "169.254.255.254/31, 169.254.255.255, 169.254.255.254"
  })
  void acceptsValidPeerings(String subnet, String peer, String cloud) {
    assertThat(fieldsBroken(new PeeringDraft(subnet, peer, cloud, 65001, ""))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/29, 10.0.0.1, 10.0.0.2, peering.subnet",
    "10.0.0.0/32, 10.0.0.1, 10.0.0.2, peering.subnet",
    "10.0.0.1/30, 10.0.0.1, 10.0.0.2, peering.subnet",
    "172.32.0.0/30, 172.32.0.1, 172.32.0.2, peering.subnet",
    "11.0.0.0/30, 11.0.0.1, 11.0.0.2, peering.subnet",
    "192.169.0.0/30, 192.169.0.1, 192.169.0.2, peering.subnet",
    "10.0.0.0, 10.0.0.1, 10.0.0.2, peering.subnet",
    "10.0.0.0/30, 10.0.0.0, 10.0.0.2, peering.peer_ip",
    "10.0.0.0/30, 10.0.0.1, 10.0.0.3, peering.cloud_ip",
    "10.0.0.0/30, 10.0.0.5, 10.0.0.2, peering.peer_ip",
    "10.0.0.0/30, 10.0.0.1/32, 10.0.0.2, peering.peer_ip",
    "10.0.0.0/30, 10.0.0.1, 10.0.0.1, peering.cloud_ip"
  })
  void namesTheAddressFieldThatBreaksARule(String subnet, String peer, String cloud, String field) {
    assertThat(fieldsBroken(new PeeringDraft(subnet, peer, cloud, 65001, "")))
        .containsExactly(field);
  }

  @ParameterizedTest
  @CsvSource({
    "0",
    "-1",
    "4294967296",
    "64496",
    "65551",
    "23456",
    "65535",
    "70000",
    "4294967295",
    "200350"
  })
  void rejectsUnusablePeerAsns(long asn) {
    assertThat(fieldsBroken(new PeeringDraft("10.0.0.0/30", "10.0.0.1", "10.0.0.2", asn, "")))
        .containsExactly("peering.peer_asn");
  }

  @Test
  void limitsTheMd5KeyTo200Characters() {
    assertThat(
            fieldsBroken(
                new PeeringDraft("10.0.0.0/30", "10.0.0.1", "10.0.0.2", 65001, "k".repeat(200))))
        .isEmpty();
    assertThat(
            fieldsBroken(
                new PeeringDraft("10.0.0.0/30", "10.0.0.1", "10.0.0.2", 65001, "k".repeat(201))))
        .containsExactly("peering.md5_key");
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    assertThat(fieldsBroken(new PeeringDraft("", "", "", 0, "k".repeat(201))))
        .containsExactly(
            "peering.subnet",
            "peering.peer_ip",
            "peering.cloud_ip",
            "peering.peer_asn",
            "peering.md5_key");
  }

  @Test
  void neverPrintsTheMd5Key() {
    Violations violations = new Violations();
    Peering peering =
        new PeeringDraft("10.0.0.0/30", "10.0.0.1", "10.0.0.2", 65001, "top-secret-key")
            .validate("peering", CLOUD, violations)
            .orElseThrow();
    assertThat(peering.toString()).doesNotContain("top-secret-key");
    assertThat(peering.md5Key().orElseThrow().reveal()).isEqualTo("top-secret-key");
  }
}
