package dev.junction.server.agent;

import dev.junction.core.network.AgentCredentials;
import dev.junction.core.network.AgentInfo;
import dev.junction.network.RouterDriver;
import dev.junction.network.agent.AgentSettings;
import dev.junction.network.agent.RouterAgent;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.network.simulated.SimulatedTimings;
import dev.junction.server.Version;
import dev.junction.server.config.ConfigException;
import dev.junction.server.config.DurationText;
import dev.junction.server.config.NetworkSettings.BirdOptions;
import dev.junction.server.network.BirdDrivers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code junction agent}: drives one router for a Junction server elsewhere. It takes the router
 * over, pulls what the router should run from the server's agent API, applies it through its
 * driver, and reports what it applied and observes, until SIGTERM or Ctrl-C. It exits 0 when
 * stopped, 2 when its options are wrong, and 3 when another agent took the router over.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description =
        "Drives one router for a Junction server: pulls its desired state, applies it, and reports"
            + " what it observes.")
public final class AgentCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  /** The environment variable that may hold the credential instead of a file. */
  public static final String CREDENTIAL_ENV = "JUNCTION_AGENT_CREDENTIAL";

  @Option(
      names = "--server",
      required = true,
      description = "The server's base URL, e.g. https://junction.example:8080.")
  String server;

  @Option(names = "--router", required = true, description = "The id of the router to drive.")
  String router;

  @Option(
      names = "--credential-file",
      description =
          "A file holding the router's agent credential (jra_...), readable by this user only"
              + " (default: the environment variable "
              + CREDENTIAL_ENV
              + ").")
  Path credentialFile;

  @Option(
      names = "--driver",
      defaultValue = "bird",
      description = "simulated or bird (default: ${DEFAULT-VALUE}).")
  String driver;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "The most subjects applied in one change (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--observe-interval",
      defaultValue = "100ms",
      description =
          "How soon subjects on their way are observed again (default: ${DEFAULT-VALUE}).")
  String observeInterval;

  @Option(
      names = "--sweep-interval",
      defaultValue = "10s",
      description = "One round of observing every subject (default: ${DEFAULT-VALUE}).")
  String sweepInterval;

  @Option(
      names = "--resync-interval",
      defaultValue = "30s",
      description =
          "One round of comparing everything with what should run; repairs drift (default:"
              + " ${DEFAULT-VALUE}).")
  String resyncInterval;

  @Option(
      names = "--heartbeat",
      defaultValue = "5s",
      description =
          "The longest time between two reports; keep it well under the server's"
              + " network.agentSilence (default: ${DEFAULT-VALUE}).")
  String heartbeat;

  @Option(
      names = "--max-wait",
      defaultValue = "25s",
      description =
          "The longest a request for changes waits on the server (default: ${DEFAULT-VALUE}).")
  String maxWait;

  @Option(
      names = "--max-backoff",
      defaultValue = "30s",
      description = "The longest wait after failures in a row (default: ${DEFAULT-VALUE}).")
  String maxBackoff;

  @Option(
      names = "--bird-config-dir",
      defaultValue = "/etc/bird/junction",
      description =
          "Where the bird driver writes BIRD's configuration (default: ${DEFAULT-VALUE}).")
  Path birdConfigDir;

  @Option(
      names = "--bird-socket",
      defaultValue = "/run/bird/bird.ctl",
      description = "BIRD's control socket (default: ${DEFAULT-VALUE}).")
  Path birdSocket;

  @Option(
      names = "--netns",
      description = "The network namespace BIRD and its links live in (default: the host's).")
  String netns;

  @Option(
      names = "--link-layer",
      defaultValue = "vlan",
      description = "vlan (802.1Q sub-interfaces) or macvlan (default: ${DEFAULT-VALUE}).")
  String linkLayer;

  @Option(
      names = "--connect-delay",
      defaultValue = "5s",
      description = "BIRD's connect delay time on every session (default: ${DEFAULT-VALUE}).")
  String connectDelay;

  @Option(
      names = "--connect-retry",
      defaultValue = "120s",
      description =
          "BIRD's connect retry time, between attempts to reach a silent peer"
              + " (default: ${DEFAULT-VALUE}).")
  String connectRetry;

  @Option(
      names = "--error-wait",
      defaultValue = "60s",
      description =
          "BIRD's error wait time, before a session restarts after an error"
              + " (default: ${DEFAULT-VALUE}).")
  String errorWait;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile RouterAgent running;

  /** Reports that options are wrong, or name a driver this build cannot run. */
  static final class BadOption extends Exception {
    BadOption(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() {
    RouterAgent agent;
    HttpRouterFeed feed;
    RouterDriver routerDriver;
    URI base;
    try {
      base = serverUri(server);
      AgentSettings settings = settings();
      BirdOptions bird = birdOptions();
      String credential = credential();
      feed = new HttpRouterFeed(base, credential);
      routerDriver = driver(driver, router, bird);
      agent =
          new RouterAgent(
              router,
              feed,
              routerDriver,
              settings,
              InstantSource.system(),
              new AgentInfo(
                  routerDriver.kind(), Version.current(), hostName(), routerDriver.settings()));
    } catch (BadOption e) {
      System.err.println("junction agent: " + e.getMessage());
      return 2;
    }
    Thread hook = new Thread(this::stop, "agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    running = agent;
    log.info(
        "Driving router {} with the {} driver for the server at {} (junction {})",
        router,
        routerDriver.kind(),
        HttpRouterFeed.shown(base),
        Version.current());
    try {
      agent.run();
    } finally {
      routerDriver.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: the JVM is stopping, as it should.
      }
    }
    if (feed.replaced()) {
      log.warn("Stopped: another agent took router {} over", router);
      return 3;
    }
    log.info("Stopped; router {} keeps running what it runs", router);
    return 0;
  }

  /** Stops the agent (on SIGTERM, Ctrl-C, or in tests) and waits for it to finish its step. */
  void stop() {
    RouterAgent agent = running;
    if (agent == null) {
      return;
    }
    log.info("Stopping the agent of router {}", router);
    agent.close();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the driver of kind {@code kind} for router {@code routerId}: the one place {@code
   * junction agent} makes drivers.
   */
  static RouterDriver driver(String kind, String routerId, BirdOptions bird) throws BadOption {
    return switch (kind) {
      case "simulated" ->
          new SimulatedNetwork(InstantSource.system(), SimulatedTimings.DEFAULTS).router(routerId);
      case "bird" -> BirdDrivers.open(bird);
      default -> throw new BadOption("--driver: must be simulated or bird, not " + kind);
    };
  }

  private static URI serverUri(String text) throws BadOption {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new BadOption("--server: must be an http:// or https:// URL with a host");
      }
      if (uri.getUserInfo() != null) {
        throw new BadOption("--server: must not hold a user or password; the credential is enough");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BadOption("--server: is not a URL");
    }
  }

  private AgentSettings settings() throws BadOption {
    if (batch < 1 || batch > 1000) {
      throw new BadOption("--batch: must be 1-1000");
    }
    return new AgentSettings(
        batch,
        duration("--observe-interval", observeInterval),
        duration("--sweep-interval", sweepInterval),
        duration("--resync-interval", resyncInterval),
        duration("--heartbeat", heartbeat),
        duration("--max-wait", maxWait),
        duration("--max-backoff", maxBackoff));
  }

  private BirdOptions birdOptions() throws BadOption {
    if (!linkLayer.equals("vlan") && !linkLayer.equals("macvlan")) {
      throw new BadOption("--link-layer: must be vlan or macvlan");
    }
    return new BirdOptions(
        birdConfigDir,
        birdSocket,
        netns == null || netns.isEmpty() ? Optional.empty() : Optional.of(netns),
        linkLayer,
        wholeSeconds("--connect-delay", connectDelay),
        wholeSeconds("--connect-retry", connectRetry),
        wholeSeconds("--error-wait", errorWait));
  }

  private static Duration wholeSeconds(String option, String text) throws BadOption {
    Duration value = duration(option, text);
    if (value.toSeconds() < 1
        || value.toSeconds() > 3600
        || value.toNanos() % 1_000_000_000L != 0) {
      throw new BadOption(option + ": must be whole seconds, 1s to 1h");
    }
    return value;
  }

  private static Duration duration(String option, String text) throws BadOption {
    Duration value;
    try {
      value = DurationText.parse(option, text);
    } catch (ConfigException e) {
      throw new BadOption(e.getMessage());
    }
    if (value.isZero()) {
      throw new BadOption(option + ": must be longer than zero");
    }
    return value;
  }

  /** Returns the credential from the file, or else from the environment; never logged. */
  private String credential() throws BadOption {
    String secret;
    if (credentialFile != null) {
      try {
        secret = Files.readString(credentialFile, StandardCharsets.US_ASCII).trim();
      } catch (IOException e) {
        throw new BadOption(
            "--credential-file: cannot read " + credentialFile + ": " + e.getMessage());
      }
      warnIfOthersMayRead(credentialFile);
    } else {
      String env = System.getenv(CREDENTIAL_ENV);
      if (env == null || env.isBlank()) {
        throw new BadOption(
            "no credential: give --credential-file FILE or set "
                + CREDENTIAL_ENV
                + " (issue one with 'junction admin routers credentials issue "
                + router
                + "')");
      }
      secret = env.trim();
    }
    if (!secret.startsWith(AgentCredentials.PREFIX)) {
      throw new BadOption(
          "the credential is not an agent credential (those start with "
              + AgentCredentials.PREFIX
              + "); issue one with 'junction admin routers credentials issue "
              + router
              + "'");
    }
    return secret;
  }

  private static void warnIfOthersMayRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn(
            "{} may be read by other users; make it readable by its owner only (chmod 600)", file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system, or not readable for its attributes: nothing to say.
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
