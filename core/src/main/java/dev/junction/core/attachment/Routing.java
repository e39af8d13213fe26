package dev.junction.core.attachment;

import dev.junction.core.net.Ipv4Prefix;
import java.util.List;

/**
 * How the router carries an attachment's traffic and routes, beyond its peering.
 *
 * @param mtu the IP MTU of the attachment's interface
 * @param advertisedPrefixes prefixes the provider announces to the customer in addition to its own
 *     routes
 * @param acceptsRoutes whether routes the customer announces over BGP are taken in; when false, the
 *     session only advertises
 */
public record Routing(int mtu, List<Ipv4Prefix> advertisedPrefixes, boolean acceptsRoutes) {
  public static final int MIN_MTU = 576;

  public Routing {
    if (mtu < MIN_MTU || mtu > 9216) {
      throw new IllegalArgumentException("mtu: " + mtu + " (expected: " + MIN_MTU + "-9216)");
    }
    advertisedPrefixes = List.copyOf(advertisedPrefixes);
  }

  /** Returns the routing an attachment of {@code kind} has unless told otherwise. */
  public static Routing defaults(AttachmentKind kind) {
    return switch (kind) {
      case PRIVATE -> new Routing(8910, List.of(), true);
      case PUBLIC, CNI -> new Routing(1500, List.of(), true);
    };
  }
}
