package dev.junction.core.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Violations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrunkDraftTest {

  private static List<String> broken(TrunkDraft draft) {
    Violations violations = new Violations();
    draft.validate(violations);
    return violations.list().stream().map(FieldViolation::field).toList();
  }

  @ParameterizedTest
  @CsvSource({"0, true", "1, false", "10, false", "11, true"})
  void limitsLagsToOneToTenPorts(long size, boolean broken) {
    TrunkDraft lag =
        new TrunkDraft(
            "f",
            "t",
            "",
            Map.of(),
            "pop",
            Optional.of(Bandwidth.gbps(10)),
            Optional.of(new JointRequest.Lag(Optional.of(TransceiverType.BASE_10G_LR), size)),
            false);
    assertThat(broken(lag).contains("joint.lag_size")).isEqualTo(broken);
  }

  @Test
  void requiresScopePopCapacityAndAJoint() {
    TrunkDraft empty =
        new TrunkDraft("", "", "", Map.of(), "", Optional.empty(), Optional.empty(), false);
    assertThat(broken(empty)).containsExactly("scope", "pop", "capacity", "joint");
    TrunkDraft noOptics =
        new TrunkDraft(
            "f",
            "t",
            "",
            Map.of(),
            "pop",
            Optional.of(Bandwidth.gbps(1)),
            Optional.of(new JointRequest.SinglePort(Optional.empty())),
            false);
    assertThat(broken(noOptics)).containsExactly("joint.transceiver");
    TrunkDraft noPartner =
        new TrunkDraft(
            "f",
            "t",
            "",
            Map.of(),
            "pop",
            Optional.of(Bandwidth.gbps(1)),
            Optional.of(new JointRequest.ViaPartner("")),
            false);
    assertThat(broken(noPartner)).containsExactly("joint.partner");
  }
}
