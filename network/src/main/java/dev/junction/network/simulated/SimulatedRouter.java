package dev.junction.network.simulated;

import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.RouterConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of one simulated router: what it runs, what it was given and when, and since when each
 * trunk and session has been configured as it is now. Guarded by its own monitor.
 */
final class SimulatedRouter {
  RouterConfig running;
  RouterConfig pending;
  Instant pendingSince = Instant.EPOCH;
  final Map<String, Instant> configuredSince = new HashMap<>();
  private final Map<String, SessionIntent> sessionsAsConfigured = new HashMap<>();

  SimulatedRouter(RouterConfig running) {
    this.running = running;
  }

  /** Makes the pending configuration the running one if it has been given long enough ago. */
  void settle(Instant now, java.time.Duration applyDelay) {
    if (pending == null || now.isBefore(pendingSince.plus(applyDelay))) {
      return;
    }
    Instant since = pendingSince.plus(applyDelay);
    Map<String, Instant> kept = new HashMap<>();
    for (TrunkIntent trunk : pending.trunks()) {
      kept.put(trunk.trunkId(), configuredSince.getOrDefault(trunk.trunkId(), since));
    }
    Map<String, SessionIntent> sessions = new HashMap<>();
    for (SessionIntent session : pending.sessions()) {
      SessionIntent before = sessionsAsConfigured.get(session.attachmentId());
      boolean unchanged = before != null && sameSession(before, session);
      kept.put(
          session.attachmentId(),
          unchanged ? configuredSince.getOrDefault(session.attachmentId(), since) : since);
      sessions.put(session.attachmentId(), session);
    }
    configuredSince.clear();
    configuredSince.putAll(kept);
    sessionsAsConfigured.clear();
    sessionsAsConfigured.putAll(sessions);
    running = pending;
    pending = null;
  }

  /** Returns whether a session restarts when it changes from {@code a} to {@code b}. */
  private static boolean sameSession(SessionIntent a, SessionIntent b) {
    return a.interfaceName().equals(b.interfaceName())
        && a.vlan().equals(b.vlan())
        && a.peering().equals(b.peering());
  }
}
