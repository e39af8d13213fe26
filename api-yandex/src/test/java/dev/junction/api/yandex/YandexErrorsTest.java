package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import dev.junction.core.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YandexErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "scope, folder_id",
    "peering.peer_asn, ipv4_peering.peer_bgp_asn",
    "static_routes[3], ipv4_static_routes[3].prefix",
    "labels.team, labels.team",
    "spec.pop, spec.point_of_presence_id",
    "page_size, page_size"
  })
  void renamesCoreFieldsToProtoPaths(String core, String wire) {
    assertThat(YandexErrors.fieldName(core)).isEqualTo(wire);
  }

  @Test
  void mapsEveryProblemToItsCode() {
    assertThat(YandexErrors.toStatus(Problem.InvalidArgument.of("vlan", "bad")).getCode())
        .isEqualTo(Code.INVALID_ARGUMENT.getNumber());
    assertThat(YandexErrors.toStatus(new Problem.NotFound("trunk", "t")).getCode())
        .isEqualTo(Code.NOT_FOUND.getNumber());
    assertThat(YandexErrors.toStatus(new Problem.AlreadyExists("name", "x")).getCode())
        .isEqualTo(Code.ALREADY_EXISTS.getNumber());
    assertThat(YandexErrors.toStatus(new Problem.FailedPrecondition("x")).getCode())
        .isEqualTo(Code.FAILED_PRECONDITION.getNumber());
    assertThat(YandexErrors.toStatus(new Problem.ResourceExhausted("x")).getCode())
        .isEqualTo(Code.RESOURCE_EXHAUSTED.getNumber());
    assertThat(YandexErrors.toStatus(new Problem.Cancelled("x")).getCode())
        .isEqualTo(Code.CANCELLED.getNumber());
    assertThat(YandexErrors.toStatus(new IllegalStateException("secret internals")).getMessage())
        .as("a bug says nothing about internals")
        .isEqualTo("internal error");
  }
}
