package dev.junction.core.net;

import java.util.Optional;

/**
 * An IPv4 prefix as written, {@code address/length}. The address may have host bits set: {@link
 * #hasHostBitsSet()} tells, so that validation can name that mistake instead of rejecting the text
 * as unreadable.
 */
public record Ipv4Prefix(Ipv4Address address, int length) implements Comparable<Ipv4Prefix> {
  public Ipv4Prefix {
    if (length < 0 || length > 32) {
      throw new IllegalArgumentException("length: " + length + " (expected: 0-32)");
    }
  }

  /** Returns the prefix written as {@code text} ({@code a.b.c.d/n}), or empty if unreadable. */
  public static Optional<Ipv4Prefix> parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      return Optional.empty();
    }
    String lengthText = text.substring(slash + 1);
    if (lengthText.isEmpty()
        || lengthText.length() > 2
        || !lengthText.chars().allMatch(c -> c >= '0' && c <= '9')
        || (lengthText.length() > 1 && lengthText.charAt(0) == '0')) {
      return Optional.empty();
    }
    int length = Integer.parseInt(lengthText);
    if (length > 32) {
      return Optional.empty();
    }
    return Ipv4Address.parse(text.substring(0, slash)).map(a -> new Ipv4Prefix(a, length));
  }

  /** Returns the prefix written as {@code text}; for trusted input such as configuration. */
  public static Ipv4Prefix of(String text) {
    return parse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("prefix: " + text + " (expected: a.b.c.d/n)"));
  }

  /** Returns the netmask of this prefix as bits. */
  public int mask() {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  /** Returns whether the address has bits set beyond the prefix length. */
  public boolean hasHostBitsSet() {
    return (address.bits() & ~mask()) != 0;
  }

  /** Returns the first address of the prefix (host bits cleared). */
  public Ipv4Address network() {
    return new Ipv4Address(address.bits() & mask());
  }

  /** Returns the last address of the prefix (host bits set). */
  public Ipv4Address broadcast() {
    return new Ipv4Address(address.bits() | ~mask());
  }

  /** Returns the number of addresses the prefix covers. */
  public long size() {
    return 1L << (32 - length);
  }

  /** Returns whether {@code other} lies inside this prefix. */
  public boolean contains(Ipv4Address other) {
    return (other.bits() & mask()) == (address.bits() & mask());
  }

  /** Returns whether every address of {@code other} lies inside this prefix. */
  public boolean contains(Ipv4Prefix other) {
    return other.length >= length && contains(other.address);
  }

  /** Returns whether this prefix and {@code other} share at least one address. */
  public boolean overlaps(Ipv4Prefix other) {
    return contains(other.network()) || other.contains(network());
  }

  @Override
  public int compareTo(Ipv4Prefix other) {
    int byAddress = address.compareTo(other.address);
    return byAddress != 0 ? byAddress : Integer.compare(length, other.length);
  }

  @Override
  public String toString() {
    return address + "/" + length;
  }
}
