package dev.junction.network.agent;

import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.LinkObservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A 64-bit digest of what an agent observed of one subject (its link and its BGP session), so that
 * the agent can tell a changed observation from a repeat without keeping a million observations:
 * SHA-256 over every field, cut to 64 bits (two different observations share a digest once in 2^64;
 * the change would then be reported with the next one). One instance per agent thread: it is not
 * thread-safe.
 */
final class ObservationDigest {
  /** The digest of nothing observed yet: neither a link nor a session. */
  static final long NONE = 0;

  private final MessageDigest sha256;
  private final ByteBuffer longs = ByteBuffer.allocate(Long.BYTES);

  ObservationDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Returns the digest of {@code link} and {@code bgp}; {@link #NONE} when both are empty. */
  long of(Optional<LinkObservation> link, Optional<BgpObservation> bgp) {
    if (link.isEmpty() && bgp.isEmpty()) {
      return NONE;
    }
    sha256.reset();
    if (link.isPresent()) {
      LinkObservation l = link.get();
      sha256.update((byte) (l.up() ? 'U' : 'D'));
      text(l.reason());
      text(l.message());
    } else {
      sha256.update((byte) '-');
    }
    if (bgp.isPresent()) {
      BgpObservation b = bgp.get();
      sha256.update((byte) 'B');
      text(b.state());
      number(b.since().getEpochSecond());
      number(b.since().getNano());
      text(b.lastError());
      number(b.routesImported());
      number(b.routesExported());
    } else {
      sha256.update((byte) '-');
    }
    byte[] digest = sha256.digest();
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    // NONE stands for nothing observed only.
    return value == NONE ? 1 : value;
  }

  private void text(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    number(bytes.length);
    sha256.update(bytes);
  }

  private void number(long value) {
    longs.clear();
    longs.putLong(value);
    sha256.update(longs.array());
  }
}
