package dev.junction.core.net;

/**
 * An 802.1Q VLAN id that a customer may use on a trunk: 2 to 4000. VLAN 1 is the default VLAN of
 * most switches and 4001-4095 are kept for the provider's own use.
 */
public record VlanId(int value) implements Comparable<VlanId> {
  public static final int MIN = 2;
  public static final int MAX = 4000;

  public VlanId {
    if (value < MIN || value > MAX) {
      throw new IllegalArgumentException(
          "value: " + value + " (expected: " + MIN + "-" + MAX + ")");
    }
  }

  /** Returns whether {@code value} is a VLAN id a customer may use. */
  public static boolean isValid(long value) {
    return value >= MIN && value <= MAX;
  }

  @Override
  public int compareTo(VlanId other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
