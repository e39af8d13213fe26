package dev.junction.core.net;

import java.util.Optional;

/**
 * An autonomous system number, 0 to 2^32 - 1, with its class from the IANA registry.
 *
 * <p>{@link #unusableReason()} names why a number cannot be a BGP peer's ASN: 0 (RFC 7607),
 * AS_TRANS 23456 (RFC 6793), the documentation ranges 64496-64511 and 65536-65551 (RFC 5398), the
 * last numbers 65535 and 4294967295 (RFC 7300) and the IANA-reserved block 65552-131071.
 */
public record Asn(long value) implements Comparable<Asn> {
  public static final long MAX = 4_294_967_295L;

  public Asn {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException("value: " + value + " (expected: 0-" + MAX + ")");
    }
  }

  /** Returns the ASN {@code value}, or empty if it lies outside 0 to 2^32 - 1. */
  public static Optional<Asn> of(long value) {
    return value < 0 || value > MAX ? Optional.empty() : Optional.of(new Asn(value));
  }

  /** Returns whether the number is reserved for private use (RFC 6996). */
  public boolean isPrivate() {
    return (value >= 64_512 && value <= 65_534)
        || (value >= 4_200_000_000L && value <= 4_294_967_294L);
  }

  /** Returns whether the number is reserved for documentation (RFC 5398). */
  public boolean isDocumentation() {
    return (value >= 64_496 && value <= 64_511) || (value >= 65_536 && value <= 65_551);
  }

  /** Returns why this number may not identify a BGP peer, or empty if it may. */
  public Optional<String> unusableReason() {
    if (value == 0) {
      return Optional.of("0 is reserved (RFC 7607)");
    }
    if (value == 23_456) {
      return Optional.of("23456 is AS_TRANS (RFC 6793)");
    }
    if (isDocumentation()) {
      return Optional.of(
          value + " is reserved for documentation (RFC 5398: 64496-64511, 65536-65551)");
    }
    if (value == 65_535 || value == MAX) {
      return Optional.of(value + " is reserved (RFC 7300)");
    }
    if (value >= 65_552 && value <= 131_071) {
      return Optional.of(value + " is reserved by IANA (65552-131071)");
    }
    return Optional.empty();
  }

  /**
   * Returns {@code value} as the ASN of a customer's BGP session, or empty after adding to {@code
   * violations} why it cannot be: out of range, unusable (see {@link #unusableReason()}), or the
   * provider's own ASN {@code cloudAsn} (sessions are eBGP).
   */
  public static Optional<Asn> validPeer(
      String field, long value, Asn cloudAsn, dev.junction.core.problem.Violations violations) {
    Optional<Asn> asn = of(value);
    if (asn.isEmpty()) {
      violations.add(field, "must be between 1 and " + MAX + " (got " + value + ")");
      return Optional.empty();
    }
    Optional<String> unusable = asn.get().unusableReason();
    if (unusable.isPresent()) {
      violations.add(field, "cannot be used: " + unusable.get());
      return Optional.empty();
    }
    if (asn.get().equals(cloudAsn)) {
      violations.add(
          field, "must differ from the provider's ASN " + cloudAsn + " (sessions are eBGP)");
      return Optional.empty();
    }
    return asn;
  }

  @Override
  public int compareTo(Asn other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
