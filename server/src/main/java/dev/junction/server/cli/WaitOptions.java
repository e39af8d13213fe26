package dev.junction.server.cli;

import dev.junction.server.config.ConfigException;
import dev.junction.server.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --wait} and {@code --timeout}, which every mutating command takes. */
final class WaitOptions {
  @Option(
      names = "--wait",
      description =
          "Follow the change until it is done, showing progress on stderr; fail with the server's"
              + " error if it fails.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "How long --wait waits, e.g. 90s, 10m (default: ${DEFAULT-VALUE}); then it exits 4 and"
              + " the change goes on.")
  Duration timeout = Duration.ofMinutes(5);

  /** Reads a duration as the configuration does: a number and ms, s, m, h or d. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = DurationText.parse("--timeout", value);
      } catch (ConfigException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration (expected a number and ms, s, m, h or d, e.g. 90s)");
      }
      if (d.isZero()) {
        throw new TypeConversionException("must be longer than 0");
      }
      return d;
    }
  }
}
