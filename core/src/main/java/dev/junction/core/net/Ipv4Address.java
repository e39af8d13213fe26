package dev.junction.core.net;

import java.util.Optional;

/**
 * An IPv4 address, held as its 32 bits.
 *
 * <p>{@link #parse} accepts only the dotted-quad form with four decimal octets and no leading
 * zeros, so that {@code 010.0.0.1} (octal to some parsers) is never read two ways.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

  /** Returns the address written as {@code text}, or empty if it is not a dotted quad. */
  public static Optional<Ipv4Address> parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    int bits = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int octet = 0;
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c < '0' || c > '9') {
          return Optional.empty();
        }
        octet = octet * 10 + (c - '0');
      }
      if (octet > 255) {
        return Optional.empty();
      }
      bits = (bits << 8) | octet;
    }
    return Optional.of(new Ipv4Address(bits));
  }

  /** Returns the address written as {@code text}; for trusted input such as configuration. */
  public static Ipv4Address of(String text) {
    return parse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("address: " + text + " (expected: a.b.c.d)"));
  }

  /** Returns the address {@code offset} places after this one, wrapping at 2^32. */
  public Ipv4Address plus(long offset) {
    return new Ipv4Address((int) (Integer.toUnsignedLong(bits) + offset));
  }

  /** Returns the address as an unsigned number from 0 to 2^32 - 1. */
  public long toLong() {
    return Integer.toUnsignedLong(bits);
  }

  @Override
  public int compareTo(Ipv4Address other) {
    return Integer.compareUnsigned(bits, other.bits);
  }

  @Override
  public String toString() {
    return ((bits >>> 24) & 0xff)
        + "."
        + ((bits >>> 16) & 0xff)
        + "."
        + ((bits >>> 8) & 0xff)
        + "."
        + (bits & 0xff);
  }
}
