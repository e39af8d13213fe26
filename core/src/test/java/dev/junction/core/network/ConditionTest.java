package dev.junction.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Condition link(ConditionStatus status, String message, Instant at) {
    return new Condition(ConditionType.LINK_UP, status, "r", message, 1, at);
  }

  @Test
  void movesTheTransitionTimeOnlyWhenTheStatusFlips() {
    List<Condition> up = Condition.merge(List.of(), link(ConditionStatus.TRUE, "", T0));
    List<Condition> stillUp =
        Condition.merge(up, link(ConditionStatus.TRUE, "again", T0.plusSeconds(5)));
    assertThat(stillUp.get(0).lastTransitionTime()).isEqualTo(T0);
    assertThat(stillUp.get(0).message()).isEqualTo("again");
    List<Condition> down =
        Condition.merge(stillUp, link(ConditionStatus.FALSE, "", T0.plusSeconds(9)));
    assertThat(down.get(0).lastTransitionTime()).isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void keepsConditionsOfOtherTypes() {
    Condition applied =
        new Condition(ConditionType.CONFIG_APPLIED, ConditionStatus.TRUE, "Applied", "", 1, T0);
    List<Condition> merged = Condition.merge(List.of(applied), link(ConditionStatus.TRUE, "", T0));
    assertThat(merged)
        .extracting(Condition::type)
        .containsExactly(ConditionType.CONFIG_APPLIED, ConditionType.LINK_UP);
  }
}
