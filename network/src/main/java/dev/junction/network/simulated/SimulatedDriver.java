package dev.junction.network.simulated;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.LinkState;
import dev.junction.network.RouterConfig;
import dev.junction.network.RouterDriver;
import dev.junction.network.RouterState;
import dev.junction.network.SessionState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated routers, deterministic for a given clock. A configuration starts running {@link
 * SimulatedTimings#apply()} after it is given; a trunk's link comes up {@link
 * SimulatedTimings#linkUp()} after it is first configured; a session is established {@link
 * SimulatedTimings#bgpEstablish()} after it is configured with its link up, and then has received
 * one prefix per static route, or one if it has none.
 *
 * <p>The operator can inject faults: a link held down with a reason, a session held down, or a
 * router that refuses every configuration. Simulated routers live in memory: a restarted server
 * finds them empty and the reconciler configures them again, as after a router reboot.
 */
public final class SimulatedDriver implements RouterDriver {
  private final InstantSource clock;
  private final SimulatedTimings timings;
  private final Map<String, SimulatedRouter> routers = new ConcurrentHashMap<>();
  private final Map<String, String> linkFaults = new ConcurrentHashMap<>();
  private final Map<String, String> sessionFaults = new ConcurrentHashMap<>();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  public SimulatedDriver(InstantSource clock, SimulatedTimings timings) {
    this.clock = requireNonNull(clock, "clock");
    this.timings = requireNonNull(timings, "timings");
  }

  @Override
  public RouterState observe(String routerId) {
    SimulatedRouter router = router(routerId);
    synchronized (router) {
      Instant now = clock.instant();
      router.settle(now, timings.apply());
      RouterConfig running = router.running;
      Map<String, LinkState> links = new HashMap<>();
      for (TrunkIntent trunk : running.trunks()) {
        links.put(trunk.interfaceName(), linkState(router, trunk, now));
      }
      Map<String, SessionState> sessions = new HashMap<>();
      for (SessionIntent session : running.sessions()) {
        LinkState link = links.getOrDefault(session.interfaceName(), linkStateOfMissingTrunk());
        sessions.put(session.attachmentId(), sessionState(router, session, link, now));
      }
      return new RouterState(running, links, sessions);
    }
  }

  @Override
  public ApplyResult apply(RouterConfig config) {
    Optional<String> refusal = Optional.ofNullable(refusals.get(config.routerId()));
    if (refusal.isPresent()) {
      return new ApplyResult.Refused(refusal.get());
    }
    SimulatedRouter router = router(config.routerId());
    synchronized (router) {
      Instant now = clock.instant();
      router.settle(now, timings.apply());
      if (router.running.hash().equals(config.hash())) {
        return new ApplyResult.Applied();
      }
      if (router.pending == null || !router.pending.hash().equals(config.hash())) {
        router.pending = config;
        router.pendingSince = now;
      }
      router.settle(now, timings.apply());
      return router.running.hash().equals(config.hash())
          ? new ApplyResult.Applied()
          : new ApplyResult.Accepted();
    }
  }

  /** Holds the link of interface {@code interfaceName} down with {@code reason}. */
  public void injectLinkFault(String interfaceName, String reason) {
    linkFaults.put(interfaceName, reason);
  }

  public void clearLinkFault(String interfaceName) {
    linkFaults.remove(interfaceName);
  }

  /** Holds the BGP session of attachment {@code attachmentId} down with {@code reason}. */
  public void injectSessionFault(String attachmentId, String reason) {
    sessionFaults.put(attachmentId, reason);
  }

  public void clearSessionFault(String attachmentId) {
    sessionFaults.remove(attachmentId);
  }

  /** Makes router {@code routerId} refuse every configuration with {@code reason}. */
  public void injectRefusal(String routerId, String reason) {
    refusals.put(routerId, reason);
  }

  public void clearRefusal(String routerId) {
    refusals.remove(routerId);
  }

  private SimulatedRouter router(String routerId) {
    return routers.computeIfAbsent(routerId, id -> new SimulatedRouter(RouterConfig.empty(id)));
  }

  private LinkState linkState(SimulatedRouter router, TrunkIntent trunk, Instant now) {
    String fault = linkFaults.get(trunk.interfaceName());
    if (fault != null) {
      return new LinkState(false, "Fault", fault);
    }
    Instant since = router.configuredSince.getOrDefault(trunk.trunkId(), now);
    if (now.isBefore(since.plus(timings.linkUp()))) {
      return new LinkState(false, "NoLight", "waiting for the cross-connect");
    }
    return new LinkState(true, "LinkUp", "");
  }

  private static LinkState linkStateOfMissingTrunk() {
    return new LinkState(false, "NotConfigured", "the trunk is not configured");
  }

  private SessionState sessionState(
      SimulatedRouter router, SessionIntent session, LinkState link, Instant now) {
    String fault = sessionFaults.get(session.attachmentId());
    if (fault != null) {
      return new SessionState("Active", fault, 0);
    }
    if (!link.up()) {
      return new SessionState("Idle", "link down", 0);
    }
    Instant configured = router.configuredSince.getOrDefault(session.attachmentId(), now);
    Instant linkUpAt =
        router.configuredSince.getOrDefault(session.trunkId(), configured).plus(timings.linkUp());
    Instant start = configured.isAfter(linkUpAt) ? configured : linkUpAt;
    if (now.isBefore(start.plus(timings.bgpEstablish()))) {
      return new SessionState("Connect", "", 0);
    }
    return new SessionState(
        SessionState.ESTABLISHED, "", Math.max(1, session.staticRoutes().size()));
  }
}
