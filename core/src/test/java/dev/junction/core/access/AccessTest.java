package dev.junction.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {

  @Test
  void namesRolesAsEitherDialectWritesThem() {
    assertThat(Role.named("editor")).contains(Role.EDITOR);
    assertThat(Role.named("Magic WAN Read")).contains(Role.MAGIC_WAN_READ);
    assertThat(Role.named("magic-transit-write")).contains(Role.MAGIC_TRANSIT_WRITE);
    assertThat(Role.named("owner")).isEmpty();
    assertThat(Role.MAGIC_WAN_READ.canWrite()).isFalse();
    assertThat(Role.MAGIC_WAN_WRITE.canWrite()).isTrue();
  }

  @Test
  void keepsTheStrongestRolePerScope() {
    Access access =
        Access.of(
            false,
            List.of(
                new Grant("p", "a", Role.VIEWER),
                new Grant("p", "a", Role.MAGIC_TRANSIT_WRITE),
                new Grant("p", "b", Role.MAGIC_WAN_READ)));
    assertThat(access.canWrite("a")).isTrue();
    assertThat(access.canRead("b")).isTrue();
    assertThat(access.canWrite("b")).isFalse();
    assertThat(access.canRead("c")).isFalse();
    assertThat(access.readableScopes()).contains(Set.of("a", "b"));
  }

  @Test
  void letsTheOperatorReadAndWriteEverything() {
    assertThat(Access.OPERATOR.canWrite("anything")).isTrue();
    assertThat(Access.OPERATOR.readableScopes()).isEqualTo(Optional.empty());
    assertThat(Access.NONE.canRead("anything")).isFalse();
  }
}
