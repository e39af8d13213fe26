package dev.junction.core.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.problem.Violations;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagesTest {

  @Test
  void roundTripsPageTokens() {
    assertThat(PageToken.decode(PageToken.encode(42))).contains(42L);
    assertThat(PageToken.encode(42)).doesNotContain("42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "MTIz", "%%%", "am9rZTox"})
  void refusesTokensItDidNotIssue(String token) {
    assertThat(PageToken.decode(token)).isEmpty();
  }

  @Test
  void defaultsAndBoundsThePageSize() {
    Violations violations = new Violations();
    assertThat(PageRequest.of("page_size", 0, Optional.empty(), violations).size()).isEqualTo(100);
    assertThat(PageRequest.of("page_size", 1000, Optional.empty(), violations).size())
        .isEqualTo(1000);
    assertThat(violations.isEmpty()).isTrue();
    PageRequest.of("page_size", 1001, Optional.empty(), violations);
    PageRequest.of("page_size", -1, Optional.empty(), violations);
    assertThat(violations.list())
        .hasSize(2)
        .allSatisfy(v -> assertThat(v.field()).isEqualTo("page_size"));
  }

  @Test
  void filtersNames() {
    NameFilter filter = new NameFilter(Optional.of(Set.of("a", "b")), Set.of("b"));
    assertThat(filter.matches("a")).isTrue();
    assertThat(filter.matches("b")).isFalse();
    assertThat(filter.matches("c")).isFalse();
    assertThat(NameFilter.ALL.matches("anything")).isTrue();
  }
}
