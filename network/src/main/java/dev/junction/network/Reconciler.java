package dev.junction.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Router;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionStatus;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.DesiredState;
import dev.junction.core.network.ObservationUpdate;
import dev.junction.core.network.RouterIntent;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps every router running its desired state, level-triggered: the queue holds router ids only;
 * each pass re-reads the desired state from the store and the observed state from the router,
 * applies the configuration only when the router does not already run it, and records what it
 * observed. A converged router is looked at again at the next resync; one on its way after a poll
 * interval; one that failed after an exponential backoff with jitter.
 *
 * <p>{@link #reconcile(String)} is one pass over one router and {@link #runOnce()} every due router
 * once, for tests that drive the loop by hand; {@link #start()} runs it on a thread.
 */
public final class Reconciler implements AutoCloseable {
  private static final System.Logger log = System.getLogger(Reconciler.class.getName());
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  private final DesiredState desired;
  private final RouterDriver driver;
  private final InstantSource clock;
  private final Duration pollInterval;
  private final Duration resyncInterval;
  private final Duration maxBackoff;

  private final ReentrantLock lock = new ReentrantLock();
  private final java.util.concurrent.locks.Condition changed = lock.newCondition();
  private final Map<String, Instant> due = new HashMap<>();
  private final Map<String, Integer> failuresInARow = new HashMap<>();
  private Instant nextResync = Instant.MIN;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param pollInterval how soon to look again at a router that is on its way
   * @param resyncInterval how often every router is looked at even without a change, to repair
   *     drift
   * @param maxBackoff the longest wait after failures in a row
   */
  public Reconciler(
      DesiredState desired,
      RouterDriver driver,
      InstantSource clock,
      Duration pollInterval,
      Duration resyncInterval,
      Duration maxBackoff) {
    this.desired = requireNonNull(desired, "desired");
    this.driver = requireNonNull(driver, "driver");
    this.clock = requireNonNull(clock, "clock");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval");
    this.resyncInterval = requireNonNull(resyncInterval, "resyncInterval");
    this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
  }

  /**
   * Asks for a pass over every router soon: the desired state of any of them may have changed.
   * Cheap enough to call on every change; the routers are read on the loop's thread.
   */
  public void requestPass() {
    lock.lock();
    try {
      nextResync = Instant.MIN;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void enqueueAll(Instant now) {
    List<Router> routers = desired.routers();
    lock.lock();
    try {
      for (Router router : routers) {
        due.merge(router.id(), now, (a, b) -> a.isBefore(b) ? a : b);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs a pass over every router that is due, and returns how many passes ran. */
  public int runOnce() {
    Instant now = clock.instant();
    boolean resync;
    lock.lock();
    try {
      resync = !now.isBefore(nextResync);
      if (resync) {
        nextResync = now.plus(resyncInterval);
      }
    } finally {
      lock.unlock();
    }
    if (resync) {
      enqueueAll(now);
    }
    List<String> ready = new ArrayList<>();
    lock.lock();
    try {
      due.forEach(
          (router, at) -> {
            if (!at.isAfter(now)) {
              ready.add(router);
            }
          });
      ready.forEach(due::remove);
    } finally {
      lock.unlock();
    }
    for (String router : ready) {
      PassOutcome outcome = passSafely(router);
      schedule(router, outcome);
    }
    return ready.size();
  }

  private PassOutcome passSafely(String routerId) {
    try {
      return reconcile(routerId);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "reconcile pass over router " + routerId + " failed", e);
      return new PassOutcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void schedule(String routerId, PassOutcome outcome) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Instant next =
          switch (outcome) {
            case PassOutcome.Converged converged -> {
              failuresInARow.remove(routerId);
              yield null;
            }
            case PassOutcome.Waiting waiting -> {
              failuresInARow.remove(routerId);
              yield now.plus(waiting.after());
            }
            case PassOutcome.Failed failed -> {
              int failures = failuresInARow.merge(routerId, 1, Integer::sum);
              yield now.plus(backoff(failures));
            }
          };
      if (next != null) {
        due.merge(routerId, next, (a, b) -> a.isBefore(b) ? a : b);
      }
    } finally {
      lock.unlock();
    }
  }

  private Duration backoff(int failures) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    long jitter = ThreadLocalRandom.current().nextLong(capped / 4 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  /** Runs one pass over router {@code routerId}: derive, observe, apply if it differs, record. */
  public PassOutcome reconcile(String routerId) {
    RouterIntent intent = desired.intentFor(routerId);
    RouterConfig config = RouterConfig.of(intent);
    RouterState state = driver.observe(routerId);
    Optional<String> refusal = Optional.empty();
    boolean applying = false;
    if (!state.running().hash().equals(config.hash())) {
      switch (driver.apply(config)) {
        case ApplyResult.Applied applied -> state = driver.observe(routerId);
        case ApplyResult.Accepted accepted -> applying = true;
        case ApplyResult.Refused refused -> refusal = Optional.of(refused.reason());
      }
    }
    desired.record(observations(intent, config, state, refusal));
    if (refusal.isPresent()) {
      return new PassOutcome.Failed("router refused the configuration: " + refusal.get());
    }
    return !applying && isSettled(config, state)
        ? new PassOutcome.Converged()
        : new PassOutcome.Waiting(pollInterval);
  }

  /** Returns whether the router runs {@code config} with every link and session up. */
  private static boolean isSettled(RouterConfig config, RouterState state) {
    return state.running().hash().equals(config.hash())
        && config.trunks().stream()
            .allMatch(t -> state.links().getOrDefault(t.interfaceName(), DOWN).up())
        && config.sessions().stream()
            .allMatch(
                s -> state.sessions().getOrDefault(s.attachmentId(), NO_SESSION).established());
  }

  private static final LinkState DOWN = new LinkState(false, "NotConfigured", "");
  private static final SessionState NO_SESSION = new SessionState("NotConfigured", "", 0);

  /** Returns what to record about every subject of {@code intent}, given the router's state. */
  private List<ObservationUpdate> observations(
      RouterIntent intent, RouterConfig wanted, RouterState state, Optional<String> refusal) {
    Instant now = clock.instant();
    Map<String, Long> running = state.running().manifest();
    List<ObservationUpdate> updates = new ArrayList<>();
    for (TrunkIntent trunk : intent.trunks()) {
      long applied = running.getOrDefault(trunk.trunkId(), 0L);
      List<Condition> conditions = new ArrayList<>();
      if (trunk.present()) {
        conditions.add(configApplied(applied, trunk.revision(), refusal, now));
        LinkState link = state.links().getOrDefault(trunk.interfaceName(), DOWN);
        conditions.add(linkUp(link, trunk.revision(), now));
      }
      updates.add(
          new ObservationUpdate(
              trunk.trunkId(),
              applied,
              refused(refusal, applied, trunk.revision()),
              refusal.orElse(""),
              conditions,
              0));
    }
    for (SessionIntent session : intent.sessions()) {
      long applied = running.getOrDefault(session.attachmentId(), 0L);
      List<Condition> conditions = new ArrayList<>();
      long prefixes = 0;
      if (session.present()) {
        conditions.add(configApplied(applied, session.revision(), refusal, now));
        LinkState link = state.links().getOrDefault(session.interfaceName(), DOWN);
        conditions.add(linkUp(link, session.revision(), now));
        SessionState bgp = state.sessions().getOrDefault(session.attachmentId(), NO_SESSION);
        conditions.add(
            new Condition(
                ConditionType.BGP_ESTABLISHED,
                bgp.established() ? ConditionStatus.TRUE : ConditionStatus.FALSE,
                bgp.state(),
                bgp.message(),
                session.revision(),
                now));
        prefixes = bgp.prefixesReceived();
      }
      updates.add(
          new ObservationUpdate(
              session.attachmentId(),
              applied,
              refused(refusal, applied, session.revision()),
              refusal.orElse(""),
              conditions,
              prefixes));
    }
    return updates;
  }

  private static long refused(Optional<String> refusal, long applied, long revision) {
    return refusal.isPresent() && applied < revision ? revision : 0;
  }

  private static Condition configApplied(
      long applied, long revision, Optional<String> refusal, Instant now) {
    if (applied >= revision) {
      return new Condition(
          ConditionType.CONFIG_APPLIED, ConditionStatus.TRUE, "Applied", "", revision, now);
    }
    return refusal
        .map(
            reason ->
                new Condition(
                    ConditionType.CONFIG_APPLIED,
                    ConditionStatus.FALSE,
                    "Refused",
                    reason,
                    revision,
                    now))
        .orElseGet(
            () ->
                new Condition(
                    ConditionType.CONFIG_APPLIED,
                    ConditionStatus.FALSE,
                    "Pending",
                    "the router has not applied this revision yet",
                    revision,
                    now));
  }

  private static Condition linkUp(LinkState link, long revision, Instant now) {
    return new Condition(
        ConditionType.LINK_UP,
        link.up() ? ConditionStatus.TRUE : ConditionStatus.FALSE,
        link.reason(),
        link.message(),
        revision,
        now);
  }

  /** Starts running passes on a daemon thread. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("network-reconciler").start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        runOnce();
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "reconcile loop pass failed; will retry", e);
      }
      awaitDue();
    }
  }

  private void awaitDue() {
    lock.lock();
    try {
      Instant now = clock.instant();
      Instant wakeAt = nextResync;
      for (Instant at : due.values()) {
        if (at.isBefore(wakeAt)) {
          wakeAt = at;
        }
      }
      if (wakeAt.isAfter(now)) {
        Duration wait = Duration.between(now, wakeAt);
        changed.await(Math.min(wait.toMillis(), resyncInterval.toMillis()), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the loop after its current pass. */
  @Override
  public void close() {
    Thread toJoin;
    synchronized (this) {
      running = false;
      toJoin = thread;
    }
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (toJoin != null) {
      try {
        toJoin.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
