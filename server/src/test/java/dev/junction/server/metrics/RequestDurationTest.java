package dev.junction.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The request line's duration, written without java.util.Formatter, reads as it did with it. */
class RequestDurationTest {
  @Test
  void writesMillisecondsWithOneDecimalAsFormatDid() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      long nanos =
          switch (i % 3) {
            case 0 -> random.nextLong(2_000_000);
            case 1 -> random.nextLong(100_000_000_000L);
            default -> 50_000 + 100_000 * random.nextLong(100_000) + random.nextLong(-1, 2);
          };
      StringBuilder line = new StringBuilder();
      long tenths = RequestObserver.tenthsOfMillis(nanos);
      RequestObserver.appendTenths(line, tenths);

      String formatted = String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
      assertThat(line.toString()).as("%d ns", nanos).isEqualTo(formatted);
      assertThat(tenths / 10.0).isEqualTo(Double.parseDouble(formatted));
    }
  }

  @Test
  void writesZeroAndTheFirstTenth() {
    StringBuilder line = new StringBuilder();
    RequestObserver.appendTenths(line, RequestObserver.tenthsOfMillis(0));
    line.append(' ');
    RequestObserver.appendTenths(line, RequestObserver.tenthsOfMillis(49_999));
    line.append(' ');
    RequestObserver.appendTenths(line, RequestObserver.tenthsOfMillis(50_000));
    line.append(' ');
    RequestObserver.appendTenths(line, RequestObserver.tenthsOfMillis(12_345_678_901L));

    assertThat(line).hasToString("0.0 0.0 0.1 12345.7");
  }
}
