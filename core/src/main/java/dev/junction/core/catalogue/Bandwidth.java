package dev.junction.core.catalogue;

/** A data rate in megabits per second. */
public record Bandwidth(long mbps) implements Comparable<Bandwidth> {
  public Bandwidth {
    if (mbps <= 0) {
      throw new IllegalArgumentException("mbps: " + mbps + " (expected: > 0)");
    }
  }

  public static Bandwidth mbps(long mbps) {
    return new Bandwidth(mbps);
  }

  public static Bandwidth gbps(long gbps) {
    return new Bandwidth(gbps * 1000);
  }

  @Override
  public int compareTo(Bandwidth other) {
    return Long.compare(mbps, other.mbps);
  }

  @Override
  public String toString() {
    return mbps % 1000 == 0 ? (mbps / 1000) + "G" : mbps + "M";
  }
}
