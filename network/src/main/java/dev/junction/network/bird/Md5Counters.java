package dev.junction.network.bird;

import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's TCP MD5 counters of one network namespace, from {@code /proc/net/netstat}: segments
 * dropped for a wrong signature ({@code TcpExtTCPMD5Failure}), for a missing one ({@code
 * TCPMD5NotFound}) and for an unexpected one ({@code TCPMD5Unexpected}). BIRD shows nothing when a
 * peer's key differs, since the kernel drops its segments before BIRD sees them; these counters
 * rising while a session with a key is stuck are the best evidence of it.
 */
record Md5Counters(long failure, long notFound, long unexpected) {
  static final Md5Counters ZERO = new Md5Counters(0, 0, 0);

  /** Returns the counters in the text of {@code /proc/net/netstat}; absent counters are zero. */
  static Md5Counters parse(String netstat) {
    Map<String, Long> values = new HashMap<>();
    String[] lines = netstat.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (!lines[i].startsWith("TcpExt:") || !lines[i + 1].startsWith("TcpExt:")) {
        continue;
      }
      String[] names = lines[i].substring(7).trim().split("\\s+");
      String[] numbers = lines[i + 1].substring(7).trim().split("\\s+");
      for (int j = 0; j < Math.min(names.length, numbers.length); j++) {
        try {
          values.put(names[j], Long.parseLong(numbers[j]));
        } catch (NumberFormatException e) {
          // A line of names followed by another line of names: not a pair; skip the value.
        }
      }
      break;
    }
    return new Md5Counters(
        values.getOrDefault("TCPMD5Failure", 0L),
        values.getOrDefault("TCPMD5NotFound", 0L),
        values.getOrDefault("TCPMD5Unexpected", 0L));
  }

  /**
   * Returns how much each counter rose since {@code earlier} (zero if it fell: a new namespace).
   */
  Md5Counters since(Md5Counters earlier) {
    return new Md5Counters(
        Math.max(0, failure - earlier.failure),
        Math.max(0, notFound - earlier.notFound),
        Math.max(0, unexpected - earlier.unexpected));
  }

  /** Returns whether no counter rose. */
  boolean isZero() {
    return failure == 0 && notFound == 0 && unexpected == 0;
  }
}
