package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One protocol as {@code show protocols} (and {@code show protocols all}) shows it: its summary row
 * and, with {@code all}, the BGP state, last error and route counts of its details.
 *
 * @param state BIRD's protocol state: {@code up}, {@code start}, {@code stop}, {@code down} or
 *     {@code flush}
 * @param since when the protocol entered its state, if BIRD printed it as epoch seconds (the
 *     header's {@code timeformat protocol "%s.%3f"})
 * @param info the summary row's last column: for BGP, the session state and the last error
 * @param bgpState the {@code BGP state:} detail, or the first word of {@code info}
 * @param lastError the {@code Last error:} detail, or what follows the state in {@code info}
 */
record ProtocolStatus(
    String name,
    String proto,
    String state,
    Optional<Instant> since,
    String info,
    String bgpState,
    String lastError,
    long routesImported,
    long routesExported) {
  private static final Pattern SINCE = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");
  private static final Pattern IMPORTED = Pattern.compile("(\\d+) imported");
  private static final Pattern EXPORTED = Pattern.compile("(\\d+) exported");

  ProtocolStatus {
    requireNonNull(name, "name");
    requireNonNull(proto, "proto");
    requireNonNull(state, "state");
    requireNonNull(since, "since");
    requireNonNull(info, "info");
    requireNonNull(bgpState, "bgpState");
    requireNonNull(lastError, "lastError");
  }

  /** Returns whether BIRD runs the protocol at all: not down (disabled) and not shutting down. */
  boolean running() {
    return state.equals("up") || state.equals("start");
  }

  /**
   * Returns the protocols in a reply to {@code show protocols} or {@code show protocols all}; an
   * error reply (no protocol matched) gives none.
   */
  static List<ProtocolStatus> parse(BirdReply reply) {
    List<ProtocolStatus> protocols = new ArrayList<>();
    if (reply.isError()) {
      return protocols;
    }
    @Nullable Builder current = null;
    for (BirdReply.Line line : reply.lines()) {
      if (line.code() == 1002) {
        if (current != null) {
          protocols.add(current.build());
        }
        current = Builder.summary(line.text());
      } else if (line.code() == 1006 && current != null) {
        current.detail(line.text());
      }
    }
    if (current != null) {
      protocols.add(current.build());
    }
    return protocols;
  }

  /** Returns the instant BIRD printed as {@code seconds.fraction}, if it printed one. */
  static Optional<Instant> parseSince(String text) {
    Matcher m = SINCE.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long seconds = Long.parseLong(m.group(1));
    String fraction = m.group(2) == null ? "" : m.group(2);
    long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
    return Optional.of(Instant.ofEpochSecond(seconds, nanos));
  }

  private static final class Builder {
    private final String name;
    private final String proto;
    private final String state;
    private final Optional<Instant> since;
    private final String info;
    private String bgpState;
    private String lastError;
    private long imported;
    private long exported;

    private Builder(String name, String proto, String state, Optional<Instant> since, String info) {
      this.name = name;
      this.proto = proto;
      this.state = state;
      this.since = since;
      this.info = info;
      String[] words = info.split("\\s+", 2);
      this.bgpState = words[0];
      this.lastError = words.length > 1 ? words[1].strip() : "";
    }

    static Builder summary(String text) {
      String[] columns = text.strip().split("\\s+", 6);
      String name = columns[0];
      String proto = columns.length > 1 ? columns[1] : "";
      String state = columns.length > 3 ? columns[3] : "";
      Optional<Instant> since = columns.length > 4 ? parseSince(columns[4]) : Optional.empty();
      String info = columns.length > 5 ? columns[5].strip() : "";
      return new Builder(name, proto, state, since, info);
    }

    void detail(String text) {
      String line = text.strip();
      int colon = line.indexOf(':');
      if (colon < 0) {
        return;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "BGP state" -> bgpState = value;
        case "Last error" -> lastError = value;
        case "Routes" -> {
          imported += count(IMPORTED, value);
          exported += count(EXPORTED, value);
        }
        default -> {}
      }
    }

    ProtocolStatus build() {
      return new ProtocolStatus(
          name, proto, state, since, info, bgpState, lastError, imported, exported);
    }

    private static long count(Pattern pattern, String text) {
      Matcher m = pattern.matcher(text);
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
  }
}
