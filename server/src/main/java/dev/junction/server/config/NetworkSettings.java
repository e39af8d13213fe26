package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import dev.junction.network.agent.AgentSettings;
import dev.junction.network.simulated.SimulatedTimings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the routers are driven: by default, and router by router. A router is driven by the server
 * itself ({@code simulated}, or {@code bird} on the same host) or by a {@code junction agent}
 * beside it ({@code agent}).
 *
 * @param routers the routers whose driver differs from the default, by router id
 * @param agent how router agents pace themselves, in process and as {@code junction agent}
 * @param ownerLease how long a replica holds a router whose agent it runs without reporting; after
 *     that, another replica takes the router over
 * @param agentSilence how long a router's agent may be silent before what it last reported is shown
 *     as unknown
 */
public record NetworkSettings(
    RouterDriverSettings defaults,
    SimulatedTimings simulated,
    Map<String, RouterDriverSettings> routers,
    AgentSettings agent,
    Duration ownerLease,
    Duration agentSilence) {
  /** The drivers a router may have. */
  public static final Set<String> DRIVERS = Set.of("simulated", "bird", "agent");

  public NetworkSettings {
    requireNonNull(defaults, "defaults");
    requireNonNull(simulated, "simulated");
    routers = Map.copyOf(routers);
    requireNonNull(agent, "agent");
    requireNonNull(ownerLease, "ownerLease");
    requireNonNull(agentSilence, "agentSilence");
  }

  /** Returns how router {@code routerId} is driven. */
  public RouterDriverSettings driverOf(String routerId) {
    return routers.getOrDefault(routerId, defaults);
  }

  /**
   * How one router is driven.
   *
   * @param driver {@code simulated}, {@code bird} or {@code agent}
   * @param bird where the router's BIRD is, for the {@code bird} driver
   */
  public record RouterDriverSettings(String driver, BirdOptions bird) {
    public RouterDriverSettings {
      requireNonNull(driver, "driver");
      requireNonNull(bird, "bird");
    }
  }

  /**
   * Where a BIRD 2 that Junction drives on this host is, and how its links are made.
   *
   * @param configDir the directory of the configuration Junction writes (BIRD runs with {@code -c
   *     <configDir>/bird.conf})
   * @param controlSocket BIRD's control socket
   * @param netns the network namespace BIRD and its links live in, empty for the host's
   * @param linkLayer {@code vlan} (802.1Q sub-interfaces) or {@code macvlan} (for kernels without
   *     802.1Q, such as test machines)
   * @param connectDelay BIRD's {@code connect delay time} on every session
   * @param connectRetry BIRD's {@code connect retry time}: between attempts to reach a silent peer
   * @param errorWait BIRD's {@code error wait time}: before restarting a session after an error
   */
  public record BirdOptions(
      Path configDir,
      Path controlSocket,
      Optional<String> netns,
      String linkLayer,
      Duration connectDelay,
      Duration connectRetry,
      Duration errorWait) {
    public static final BirdOptions DEFAULTS =
        new BirdOptions(
            Path.of("/etc/bird/junction"),
            Path.of("/run/bird/bird.ctl"),
            Optional.empty(),
            "vlan",
            Duration.ofSeconds(5),
            Duration.ofSeconds(120),
            Duration.ofSeconds(60));

    public BirdOptions {
      requireNonNull(configDir, "configDir");
      requireNonNull(controlSocket, "controlSocket");
      requireNonNull(netns, "netns");
      requireNonNull(linkLayer, "linkLayer");
      requireNonNull(connectDelay, "connectDelay");
      requireNonNull(connectRetry, "connectRetry");
      requireNonNull(errorWait, "errorWait");
    }

    static BirdOptions read(ConfigNode node, BirdOptions fallback) {
      String linkLayer = node.string("linkLayer", fallback.linkLayer());
      if (!linkLayer.equals("vlan") && !linkLayer.equals("macvlan")) {
        throw new ConfigException(node.at("linkLayer") + ": must be vlan or macvlan");
      }
      String netns = node.string("netns", fallback.netns().orElse(""));
      Duration connectDelay = wholeSeconds(node, "connectDelay", fallback.connectDelay());
      Duration connectRetry = wholeSeconds(node, "connectRetry", fallback.connectRetry());
      Duration errorWait = wholeSeconds(node, "errorWait", fallback.errorWait());
      BirdOptions options =
          new BirdOptions(
              Path.of(node.string("configDir", fallback.configDir().toString())),
              Path.of(node.string("controlSocket", fallback.controlSocket().toString())),
              netns.isEmpty() ? Optional.empty() : Optional.of(netns),
              linkLayer,
              connectDelay,
              connectRetry,
              errorWait);
      node.rejectUnknown();
      return options;
    }

    private static Duration wholeSeconds(ConfigNode node, String key, Duration fallback) {
      Duration value = node.duration(key, fallback);
      if (value.toSeconds() < 1
          || value.toSeconds() > 3600
          || value.toNanos() % 1_000_000_000L != 0) {
        throw new ConfigException(node.at(key) + ": must be whole seconds, 1s to 1h");
      }
      return value;
    }
  }

  static NetworkSettings read(ConfigNode node) {
    String driver = driver(node, "driver", "simulated");
    BirdOptions bird = BirdOptions.read(node.child("bird"), BirdOptions.DEFAULTS);
    RouterDriverSettings defaults = new RouterDriverSettings(driver, bird);

    ConfigNode simulatedNode = node.child("simulated");
    SimulatedTimings fallback = SimulatedTimings.DEFAULTS;
    SimulatedTimings simulated =
        new SimulatedTimings(
            simulatedNode.duration("applyDelay", fallback.apply()),
            simulatedNode.duration("linkUpDelay", fallback.linkUp()),
            simulatedNode.duration("bgpEstablishDelay", fallback.bgpEstablish()));
    simulatedNode.rejectUnknown();

    Map<String, RouterDriverSettings> routers = new LinkedHashMap<>();
    node.list(
        "routers",
        router -> {
          String id = router.requiredString("id");
          RouterDriverSettings settings =
              new RouterDriverSettings(
                  driver(router, "driver", driver), BirdOptions.read(router.child("bird"), bird));
          router.rejectUnknown();
          if (routers.put(id, settings) != null) {
            throw new ConfigException(node.at("routers") + ": router " + id + " appears twice");
          }
          return id;
        });

    ConfigNode agentNode = node.child("agent");
    AgentSettings agentDefaults = AgentSettings.DEFAULTS;
    int batch = agentNode.integer("batch", agentDefaults.batch());
    if (batch < 1 || batch > 1000) {
      throw new ConfigException(agentNode.at("batch") + ": must be 1-1000");
    }
    AgentSettings agent =
        new AgentSettings(
            batch,
            positive(agentNode, "observeInterval", agentDefaults.observeInterval()),
            positive(agentNode, "sweepInterval", agentDefaults.sweepInterval()),
            positive(agentNode, "resyncInterval", agentDefaults.resyncInterval()),
            positive(agentNode, "heartbeat", agentDefaults.heartbeat()),
            positive(agentNode, "maxWait", agentDefaults.maxWait()),
            positive(agentNode, "maxBackoff", agentDefaults.maxBackoff()));
    agentNode.rejectUnknown();
    Duration lease = positive(node, "ownerLease", Duration.ofSeconds(15));
    Duration silence = positive(node, "agentSilence", Duration.ofSeconds(30));
    if (lease.compareTo(agent.heartbeat().multipliedBy(2)) < 0) {
      throw new ConfigException(
          node.at("ownerLease") + ": must be at least twice network.agent.heartbeat");
    }
    if (silence.compareTo(agent.heartbeat().multipliedBy(2)) < 0) {
      throw new ConfigException(
          node.at("agentSilence") + ": must be at least twice network.agent.heartbeat");
    }
    node.rejectUnknown();
    return new NetworkSettings(defaults, simulated, routers, agent, lease, silence);
  }

  private static String driver(ConfigNode node, String key, String fallback) {
    String driver = node.string(key, fallback);
    if (!DRIVERS.contains(driver)) {
      throw new ConfigException(node.at(key) + ": must be simulated, bird or agent");
    }
    return driver;
  }

  private static Duration positive(ConfigNode node, String key, Duration fallback) {
    Duration value = node.duration(key, fallback);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(node.at(key) + ": must be longer than zero");
    }
    return value;
  }
}
