package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * How the server shows itself to operators: its log lines, who may read {@code /metrics}, and when
 * a stalled loop makes it not ready.
 *
 * @param logFormat {@code text} (readable lines) or {@code json} (one JSON object a line)
 * @param metricsAccess {@code open} ({@code /metrics} answers whoever reaches the port) or {@code
 *     operator} (only with the operator's token)
 * @param loopStaleAfter how long the operation worker or the network supervisor may go without
 *     beginning a pass, beyond its own longest sleep, before {@code /readyz} answers 503
 */
public record ObservabilitySettings(
    String logFormat, String metricsAccess, Duration loopStaleAfter) {
  /** The defaults: text logs, open metrics, a loop stale after 60 s. */
  public static final ObservabilitySettings DEFAULTS =
      new ObservabilitySettings("text", "open", Duration.ofSeconds(60));

  public ObservabilitySettings {
    requireNonNull(logFormat, "logFormat");
    requireNonNull(metricsAccess, "metricsAccess");
    requireNonNull(loopStaleAfter, "loopStaleAfter");
  }

  /** Returns whether {@code /metrics} requires the operator's token. */
  public boolean metricsNeedOperator() {
    return metricsAccess.equals("operator");
  }

  /** Returns these settings with the log format {@code format} ({@code text} or {@code json}). */
  public ObservabilitySettings withLogFormat(String format) {
    return new ObservabilitySettings(format, metricsAccess, loopStaleAfter);
  }

  /** Returns these settings with the loop staleness bound {@code staleAfter}. */
  public ObservabilitySettings withLoopStaleAfter(Duration staleAfter) {
    return new ObservabilitySettings(logFormat, metricsAccess, staleAfter);
  }

  static ObservabilitySettings read(ConfigNode node) {
    String format = node.string("logFormat", DEFAULTS.logFormat()).toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(
          node.at("logFormat") + ": must be text or json (got " + format + ")");
    }
    String access = node.string("metricsAccess", DEFAULTS.metricsAccess()).toLowerCase(Locale.ROOT);
    if (!access.equals("open") && !access.equals("operator")) {
      throw new ConfigException(
          node.at("metricsAccess") + ": must be open or operator (got " + access + ")");
    }
    Duration stale = node.duration("loopStaleAfter", DEFAULTS.loopStaleAfter());
    if (stale.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(node.at("loopStaleAfter") + ": must be at least 1s");
    }
    node.rejectUnknown();
    return new ObservabilitySettings(format, access, stale);
  }
}
