package dev.junction.server.config;

import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import java.time.Duration;

/**
 * Reads the sections that set the core's rules: {@code operations}, {@code cloud}, {@code quotas},
 * {@code cni} and {@code tickets}.
 */
final class CoreSettings {
  private CoreSettings() {}

  /** What the core sections hold: the core's settings, the worker's, and the CNIs'. */
  record Read(CoreConfig core, WorkerSettings worker, CniSettings cni) {}

  static Read read(ConfigNode root, Duration agentSilence) {
    CoreConfig defaults = CoreConfig.DEFAULTS;
    ConfigNode operations = root.child("operations");
    Duration timeout = operations.duration("timeout", defaults.operationTimeout());
    Duration networkWait =
        operations.duration("networkPollInterval", defaults.networkPollInterval());
    WorkerSettings worker = WorkerSettings.read(operations);
    operations.rejectUnknown();

    ConfigNode cloud = root.child("cloud");
    long cloudAsn = cloud.longInteger("bgpAsn", defaults.cloudAsn().value());
    if (Asn.of(cloudAsn).isEmpty() || cloudAsn == 0) {
      throw new ConfigException(cloud.at("bgpAsn") + ": must be between 1 and " + Asn.MAX);
    }
    cloud.rejectUnknown();

    ConfigNode quotasNode = root.child("quotas");
    Quotas quotaDefaults = Quotas.DEFAULTS;
    Quotas quotas =
        new Quotas(
            nonNegative(quotasNode, "trunksPerFolder", quotaDefaults.trunksPerScope()),
            nonNegative(quotasNode, "privateConnectionsPerTrunk", quotaDefaults.privatePerTrunk()),
            nonNegative(quotasNode, "publicConnectionsPerTrunk", quotaDefaults.publicPerTrunk()),
            nonNegative(
                quotasNode,
                "staticRoutesPerConnection",
                quotaDefaults.staticRoutesPerAttachment()));
    quotasNode.rejectUnknown();

    ConfigNode cniNode = root.child("cni");
    String poolText = cniNode.string("p2pPool", defaults.p2pPool().toString());
    Ipv4Prefix pool =
        Ipv4Prefix.parse(poolText)
            .filter(p -> !p.hasHostBitsSet() && p.length() <= 31)
            .orElseThrow(
                () ->
                    new ConfigException(
                        cniNode.at("p2pPool")
                            + ": must be an IPv4 prefix of /31 or shorter with host bits zero"));
    long defaultAsn = cniNode.longInteger("defaultAsn", 13_335);
    if (Asn.of(defaultAsn).isEmpty() || defaultAsn == 0) {
      throw new ConfigException(cniNode.at("defaultAsn") + ": must be between 1 and " + Asn.MAX);
    }
    Duration changeWait = cniNode.duration("changeWait", CniSettings.DEFAULT_CHANGE_WAIT);
    if (changeWait.compareTo(Duration.ofMillis(100)) < 0
        || changeWait.compareTo(CniSettings.MAX_CHANGE_WAIT) > 0) {
      throw new ConfigException(
          cniNode.at("changeWait")
              + ": must be 100ms to "
              + CniSettings.MAX_CHANGE_WAIT.toSeconds()
              + "s (the SDKs give up after 60s)");
    }
    CniSettings cni =
        new CniSettings(cniNode.string("gcpPartner", "gcp"), new Asn(defaultAsn), changeWait);
    cniNode.rejectUnknown();

    ConfigNode tickets = root.child("tickets");
    CoreConfig core =
        new CoreConfig(
            quotas,
            new Asn(cloudAsn),
            timeout,
            networkWait,
            tickets.duration("ttl", defaults.ticketTtl()),
            tickets.bool("autoApprove", defaults.autoApproveTickets()),
            pool,
            agentSilence);
    tickets.rejectUnknown();
    return new Read(core, worker, cni);
  }

  private static int nonNegative(ConfigNode node, String key, int fallback) {
    int value = node.integer(key, fallback);
    if (value < 0) {
      throw new ConfigException(node.at(key) + ": must not be negative");
    }
    return value;
  }
}
