package dev.junction.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Violations;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceRulesTest {

  private static boolean validName(String name, boolean required) {
    Violations violations = new Violations();
    Name.check("name", name, required, violations);
    return violations.isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "pc-1",
        "A_b-9",
        "x0",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"
      })
  void acceptsNames(String name) {
    assertThat(validName(name, false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1pc",
        "-pc",
        "pc-",
        "pc_",
        "p c",
        "pc.1",
        "пк",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"
      })
  void rejectsNames(String name) {
    assertThat(validName(name, false)).isFalse();
  }

  @Test
  void allowsAnEmptyNameUnlessRequired() {
    assertThat(validName("", false)).isTrue();
    assertThat(validName("", true)).isFalse();
  }

  @Test
  void limitsDescriptionsTo256Characters() {
    Violations violations = new Violations();
    Description.check("description", "é".repeat(256), violations);
    assertThat(violations.isEmpty()).isTrue();
    Description.check("description", "😀".repeat(257), violations);
    assertThat(violations.list()).extracting(FieldViolation::field).containsExactly("description");
  }

  @Test
  void checksLabelCountKeysAndValues() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 64; i++) {
      many.put("k" + i, "v");
    }
    Violations violations = new Violations();
    Labels.check("labels", many, violations);
    assertThat(violations.isEmpty()).isTrue();
    many.put("k64", "v");
    Labels.check("labels", many, violations);
    assertThat(violations.list()).hasSize(1);

    Violations bad = new Violations();
    Labels.check(
        "labels",
        Map.of(
            "Upper",
            "v",
            "ok",
            "Bad Value",
            "x".repeat(64),
            "v",
            "fine",
            "",
            "long",
            "v".repeat(64)),
        bad);
    assertThat(bad.list())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder("labels", "labels", "labels.ok", "labels.long");
  }

  @Test
  void keepsLabelsSortedAndImmutable() {
    Labels labels = new Labels(Map.of("b", "2", "a", "1"));
    assertThat(labels.map().keySet()).containsExactly("a", "b");
  }
}
