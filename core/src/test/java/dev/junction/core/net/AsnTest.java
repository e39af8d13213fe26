package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsnTest {

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        23456,
        64496,
        64500,
        64511,
        65535,
        65536,
        65551,
        65552,
        100000,
        131071,
        4294967295L
      })
  void refusesReservedAndDocumentationNumbersAsPeers(long value) {
    assertThat(new Asn(value).unusableReason()).isPresent();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 13335, 64495, 64512, 65001, 65534, 131072, 4200000000L, 4294967294L})
  void acceptsEveryOtherNumber(long value) {
    assertThat(new Asn(value).unusableReason()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 4294967296L})
  void existsOnlyFromZeroTo2To32Minus1(long value) {
    assertThat(Asn.of(value)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "64511, false, true",
    "64512, true, false",
    "65534, true, false",
    "65535, false, false",
    "4199999999, false, false",
    "4200000000, true, false",
    "4294967294, true, false",
    "65551, false, true"
  })
  void knowsPrivateAndDocumentationRanges(long value, boolean isPrivate, boolean documentation) {
    assertThat(new Asn(value).isPrivate()).isEqualTo(isPrivate);
    assertThat(new Asn(value).isDocumentation()).isEqualTo(documentation);
  }

  @ParameterizedTest
  @CsvSource({"1, false", "2, true", "4000, true", "4001, false", "0, false", "4095, false"})
  void allowsVlans2To4000(long value, boolean valid) {
    assertThat(VlanId.isValid(value)).isEqualTo(valid);
  }
}
