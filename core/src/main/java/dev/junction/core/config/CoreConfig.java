package dev.junction.core.config;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import java.time.Duration;

/**
 * The settings the core's use cases run with.
 *
 * @param cloudAsn the provider's ASN on customer BGP sessions
 * @param operationTimeout how long an operation may wait for the network before it fails
 * @param networkPollInterval how often a waiting operation looks at the network again unprompted: a
 *     backstop, since a router's report makes the operations waiting for it due at once
 * @param ticketTtl how long a trunk ticket waits for the operator before it expires
 * @param autoApproveTickets whether tickets become trunks at once, without the operator
 * @param p2pPool the prefix CNIs take their point-to-point /31 subnets from
 * @param agentSilence how long a router's owner may go without reporting before what it last
 *     reported is shown as unknown
 */
public record CoreConfig(
    Quotas quotas,
    Asn cloudAsn,
    Duration operationTimeout,
    Duration networkPollInterval,
    Duration ticketTtl,
    boolean autoApproveTickets,
    Ipv4Prefix p2pPool,
    Duration agentSilence) {
  public static final CoreConfig DEFAULTS =
      new CoreConfig(
          Quotas.DEFAULTS,
          new Asn(200_350),
          Duration.ofMinutes(2),
          Duration.ofSeconds(1),
          Duration.ofDays(14),
          false,
          Ipv4Prefix.of("169.254.128.0/17"),
          Duration.ofSeconds(30));

  public CoreConfig {
    requireNonNull(quotas, "quotas");
    requireNonNull(cloudAsn, "cloudAsn");
    requireNonNull(operationTimeout, "operationTimeout");
    requireNonNull(networkPollInterval, "networkPollInterval");
    requireNonNull(ticketTtl, "ticketTtl");
    requireNonNull(p2pPool, "p2pPool");
    requireNonNull(agentSilence, "agentSilence");
    if (p2pPool.hasHostBitsSet() || p2pPool.length() > 31) {
      throw new IllegalArgumentException(
          "p2pPool: " + p2pPool + " (expected: a prefix of /31 or shorter)");
    }
  }
}
