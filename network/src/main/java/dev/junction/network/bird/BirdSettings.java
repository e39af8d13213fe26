package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.net.Ipv4Prefix;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link BirdRenderer} renders: BGP timers, the receive limit per attachment kind, the prefix
 * lengths taken from customers, the address ranges never taken from a customer and where BIRD logs.
 *
 * @param connectDelay how long BIRD waits before connecting to a peer (BIRD's {@code connect delay
 *     time}); whole seconds, at least 1
 * @param connectRetry how long BIRD waits between attempts to connect to a peer that did not answer
 *     ({@code connect retry time}); whole seconds
 * @param errorWait how long BIRD waits to restart a session after an error, at first ({@code error
 *     wait time}); it doubles with each error in a row up to five times this; whole seconds
 * @param holdTime the BGP hold time BIRD offers, whole seconds, 3-65535
 * @param importLimits the most routes one session of each kind may have accepted; over it, BIRD
 *     restarts the session
 * @param minPrefixLength the shortest prefix taken from a customer (a default route never is)
 * @param maxPrefixLength the longest prefix taken from a customer
 * @param martians ranges never taken from any customer, with everything inside them
 * @param privateRanges ranges taken from customers of private connections and CNIs, who route their
 *     private networks, but never over a public connection
 * @param log where BIRD logs: {@code syslog}, {@code stderr}, or a file path
 */
public record BirdSettings(
    Duration connectDelay,
    Duration connectRetry,
    Duration errorWait,
    Duration holdTime,
    Map<AttachmentKind, Integer> importLimits,
    int minPrefixLength,
    int maxPrefixLength,
    List<Ipv4Prefix> martians,
    List<Ipv4Prefix> privateRanges,
    String log) {

  /**
   * The routes a session takes by default: 500, as Yandex Cloud Interconnect documents for a
   * private connection.
   */
  public static final int DEFAULT_IMPORT_LIMIT = 500;

  /** Never-routable IPv4 space (RFC 6890 and friends), without the private ranges. */
  public static final List<Ipv4Prefix> DEFAULT_MARTIANS =
      prefixes(
          "0.0.0.0/8",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4",
          "240.0.0.0/4");

  /** RFC 1918 private space and RFC 6598 shared address space. */
  public static final List<Ipv4Prefix> DEFAULT_PRIVATE_RANGES =
      prefixes("10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16");

  public BirdSettings {
    requireNonNull(connectDelay, "connectDelay");
    requireNonNull(connectRetry, "connectRetry");
    requireNonNull(errorWait, "errorWait");
    requireNonNull(holdTime, "holdTime");
    requireWholeSeconds("connectDelay", connectDelay, 1, 65535);
    requireWholeSeconds("connectRetry", connectRetry, 1, 65535);
    requireWholeSeconds("errorWait", errorWait, 1, 13107);
    requireWholeSeconds("holdTime", holdTime, 3, 65535);
    EnumMap<AttachmentKind, Integer> limits = new EnumMap<>(AttachmentKind.class);
    for (AttachmentKind kind : AttachmentKind.values()) {
      int limit = importLimits.getOrDefault(kind, DEFAULT_IMPORT_LIMIT);
      if (limit < 1) {
        throw new IllegalArgumentException(
            "importLimits[" + kind + "]: " + limit + " (expected: >= 1)");
      }
      limits.put(kind, limit);
    }
    importLimits = Map.copyOf(limits);
    if (minPrefixLength < 1 || minPrefixLength > maxPrefixLength || maxPrefixLength > 32) {
      throw new IllegalArgumentException(
          "prefix lengths: "
              + minPrefixLength
              + "-"
              + maxPrefixLength
              + " (expected: 1 <= min <= max <= 32)");
    }
    martians = List.copyOf(martians);
    privateRanges = List.copyOf(privateRanges);
    requireNonNull(log, "log");
    if (log.isEmpty() || log.chars().anyMatch(c -> c == '"' || c < ' ')) {
      throw new IllegalArgumentException(
          "log: " + log + " (expected: syslog, stderr or a path without quotes)");
    }
  }

  /**
   * Returns the defaults: connect delay 5 s, connect retry 120 s and error wait 60 s (BIRD's own),
   * hold time 90 s, 500 routes per session, prefixes /8 to /24, the default martians and private
   * ranges, logging to syslog.
   */
  public static BirdSettings defaults() {
    return new BirdSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(120),
        Duration.ofSeconds(60),
        Duration.ofSeconds(90),
        Map.of(),
        8,
        24,
        DEFAULT_MARTIANS,
        DEFAULT_PRIVATE_RANGES,
        "syslog");
  }

  /**
   * Returns these settings with BIRD's timers for (re)connecting set: {@code delay} before the
   * first attempt, {@code retry} between attempts, {@code errorWait} after an error. Tests use 1 s,
   * 2 s and 1 s so that sessions come up, and back, within seconds.
   */
  public BirdSettings withTimers(Duration delay, Duration retry, Duration errorWait) {
    return new BirdSettings(
        delay,
        retry,
        errorWait,
        holdTime,
        importLimits,
        minPrefixLength,
        maxPrefixLength,
        martians,
        privateRanges,
        log);
  }

  /**
   * Returns these settings with BGP hold time {@code holdTime}: how long a silent peer is kept. The
   * peer's end of a session over a link that went away notices only when this runs out (or a
   * keepalive, a third of it, draws a reset).
   */
  public BirdSettings withHoldTime(Duration holdTime) {
    return new BirdSettings(
        connectDelay,
        connectRetry,
        errorWait,
        holdTime,
        importLimits,
        minPrefixLength,
        maxPrefixLength,
        martians,
        privateRanges,
        log);
  }

  /** Returns these settings with BIRD logging to {@code log}. */
  public BirdSettings withLog(String log) {
    return new BirdSettings(
        connectDelay,
        connectRetry,
        errorWait,
        holdTime,
        importLimits,
        minPrefixLength,
        maxPrefixLength,
        martians,
        privateRanges,
        log);
  }

  /** Returns these settings with the import limit of attachments of {@code kind} set. */
  public BirdSettings withImportLimit(AttachmentKind kind, int limit) {
    EnumMap<AttachmentKind, Integer> limits = new EnumMap<>(importLimits);
    limits.put(kind, limit);
    return new BirdSettings(
        connectDelay,
        connectRetry,
        errorWait,
        holdTime,
        limits,
        minPrefixLength,
        maxPrefixLength,
        martians,
        privateRanges,
        log);
  }

  /** Returns the import limit of an attachment of {@code kind}. */
  public int importLimit(AttachmentKind kind) {
    return importLimits.get(kind);
  }

  private static void requireWholeSeconds(String name, Duration value, long min, long max) {
    if (value.toNanos() % 1_000_000_000L != 0
        || value.getSeconds() < min
        || value.getSeconds() > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: whole seconds, " + min + "-" + max + ")");
    }
  }

  private static List<Ipv4Prefix> prefixes(String... texts) {
    return java.util.Arrays.stream(texts).map(Ipv4Prefix::of).toList();
  }

  /**
   * Returns these settings as the text map an agent reports, so that the server can render a
   * router's plan as the agent would ({@link #fromMap}).
   */
  public Map<String, String> asMap() {
    Map<String, String> map = new java.util.TreeMap<>();
    map.put("connectDelay", connectDelay.toSeconds() + "s");
    map.put("connectRetry", connectRetry.toSeconds() + "s");
    map.put("errorWait", errorWait.toSeconds() + "s");
    map.put("holdTime", holdTime.toSeconds() + "s");
    importLimits.forEach((kind, limit) -> map.put("importLimit." + kind, limit.toString()));
    map.put("minPrefixLength", Integer.toString(minPrefixLength));
    map.put("maxPrefixLength", Integer.toString(maxPrefixLength));
    map.put("martians", String.join(",", martians.stream().map(Object::toString).toList()));
    map.put(
        "privateRanges", String.join(",", privateRanges.stream().map(Object::toString).toList()));
    map.put("log", log);
    return map;
  }

  /**
   * Returns the settings {@code map} describes, as {@link #asMap} wrote them; what it leaves out
   * takes the default.
   *
   * @throws IllegalArgumentException if a value cannot be read
   */
  public static BirdSettings fromMap(Map<String, String> map) {
    BirdSettings defaults = defaults();
    Map<AttachmentKind, Integer> limits = new EnumMap<>(AttachmentKind.class);
    for (AttachmentKind kind : AttachmentKind.values()) {
      limits.put(
          kind,
          Integer.parseInt(
              map.getOrDefault(
                  "importLimit." + kind, defaults.importLimits().get(kind).toString())));
    }
    return new BirdSettings(
        seconds(map, "connectDelay", defaults.connectDelay()),
        seconds(map, "connectRetry", defaults.connectRetry()),
        seconds(map, "errorWait", defaults.errorWait()),
        seconds(map, "holdTime", defaults.holdTime()),
        limits,
        Integer.parseInt(
            map.getOrDefault("minPrefixLength", Integer.toString(defaults.minPrefixLength()))),
        Integer.parseInt(
            map.getOrDefault("maxPrefixLength", Integer.toString(defaults.maxPrefixLength()))),
        prefixList(map.get("martians"), defaults.martians()),
        prefixList(map.get("privateRanges"), defaults.privateRanges()),
        map.getOrDefault("log", defaults.log()));
  }

  private static Duration seconds(Map<String, String> map, String key, Duration fallback) {
    String text = map.get(key);
    if (text == null) {
      return fallback;
    }
    if (!text.endsWith("s")) {
      throw new IllegalArgumentException(key + ": " + text + " (expected: whole seconds, as 5s)");
    }
    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
  }

  private static List<Ipv4Prefix> prefixList(String text, List<Ipv4Prefix> fallback) {
    if (text == null) {
      return fallback;
    }
    if (text.isEmpty()) {
      return List.of();
    }
    List<Ipv4Prefix> prefixes = new java.util.ArrayList<>();
    for (String item : text.split(",")) {
      prefixes.add(
          Ipv4Prefix.parse(item)
              .orElseThrow(() -> new IllegalArgumentException("not a prefix: " + item)));
    }
    return prefixes;
  }
}
