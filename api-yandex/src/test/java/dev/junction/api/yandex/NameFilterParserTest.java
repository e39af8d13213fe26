package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.page.NameFilter;
import dev.junction.core.problem.ProblemException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameFilterParserTest {

  @Test
  void readsTheConditionsOnName() {
    assertThat(NameFilterParser.parse("name=\"pc-1\""))
        .isEqualTo(new NameFilter(Optional.of(Set.of("pc-1")), Set.of()));
    assertThat(NameFilterParser.parse(" name = 'pc-1' "))
        .isEqualTo(new NameFilter(Optional.of(Set.of("pc-1")), Set.of()));
    assertThat(NameFilterParser.parse("name IN (\"a\", \"b\") and name != \"b\""))
        .isEqualTo(new NameFilter(Optional.of(Set.of("a", "b")), Set.of("b")));
    assertThat(NameFilterParser.parse("name NOT IN ('x','y')"))
        .isEqualTo(new NameFilter(Optional.empty(), Set.of("x", "y")));
    assertThat(NameFilterParser.parse("")).isEqualTo(NameFilter.ALL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vlan=\"1\"",
        "name",
        "name=pc",
        "name=\"open",
        "name IN \"a\"",
        "name=\"a\" OR name=\"b\"",
        "name=\"a\" AND"
      })
  void rejectsAnythingElseAsAnInvalidFilter(String filter) {
    assertThatThrownBy(() -> NameFilterParser.parse(filter))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("filter");
  }
}
