package dev.junction.network.agent;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Router;
import dev.junction.network.RouterDriver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs, inside a server, the agents of the routers whose driver is local (simulated routers, or
 * BIRD on the same host): each router's agent on its own thread, so that a hung or slow router does
 * not stall the others. Every replica runs this; a router's agent runs on the replica that holds
 * its lease, and another replica takes the router over once that lease expires.
 */
public final class LocalRouters implements AutoCloseable {
  private static final System.Logger log = System.getLogger(LocalRouters.class.getName());

  private final Supplier<List<Router>> routers;
  private final Function<Router, Optional<RouterDriver>> drivers;
  private final BiFunction<Router, RouterDriver, RouterAgent> agents;
  private final Duration retry;

  private final Map<String, RouterDriver> driverOf = new HashMap<>();
  private final Map<String, Running> running = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean closed;
  private volatile long lastRoundNanos = System.nanoTime();
  private Thread supervisor;

  private record Running(RouterAgent agent, Thread thread) {}

  /**
   * @param routers the routers of the catalogue, read on every round
   * @param drivers the local driver of a router, or empty if an agent elsewhere drives it; called
   *     once per router, the driver then lives as long as this
   * @param agents makes the agent of a router that runs with the given driver
   * @param retry how often a router whose lease another replica holds is tried again
   */
  public LocalRouters(
      Supplier<List<Router>> routers,
      Function<Router, Optional<RouterDriver>> drivers,
      BiFunction<Router, RouterDriver, RouterAgent> agents,
      Duration retry) {
    this.routers = requireNonNull(routers, "routers");
    this.drivers = requireNonNull(drivers, "drivers");
    this.agents = requireNonNull(agents, "agents");
    this.retry = requireNonNull(retry, "retry");
  }

  /** Returns the local driver of router {@code routerId}, once it has been made. */
  public Optional<RouterDriver> driver(String routerId) {
    lock.lock();
    try {
      return Optional.ofNullable(driverOf.get(routerId));
    } finally {
      lock.unlock();
    }
  }

  /** Starts the supervisor, which starts an agent for every local router it may own. */
  public synchronized void start() {
    if (supervisor != null) {
      return;
    }
    supervisor = Thread.ofPlatform().daemon().name("local-routers").start(this::supervise);
  }

  /** Looks for routers to take over now, rather than at the next retry (a catalogue change). */
  public void rescan() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void supervise() {
    while (!closed) {
      lastRoundNanos = System.nanoTime();
      try {
        round();
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "Could not look for local routers to run; will retry", e);
      }
      lock.lock();
      try {
        if (!closed) {
          wake.await(retry.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  private void round() {
    for (Router router : routers.get()) {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        Running current = running.get(router.id());
        if (current != null && current.thread().isAlive()) {
          continue;
        }
        RouterDriver driver = driverOf.get(router.id());
        if (driver == null) {
          Optional<RouterDriver> local = drivers.apply(router);
          if (local.isEmpty()) {
            continue;
          }
          driver = local.get();
          driverOf.put(router.id(), driver);
        }
        RouterAgent agent = agents.apply(router, driver);
        Thread thread = Thread.ofPlatform().daemon().name("agent-" + router.id()).start(agent);
        running.put(router.id(), new Running(agent, thread));
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Returns whether the supervisor runs and has begun a round within {@code staleAfter} plus its
   * retry interval: what readiness checks. A round that hangs, or a thread that died, makes it
   * false.
   */
  public boolean alive(Duration staleAfter) {
    Thread current;
    synchronized (this) {
      current = supervisor;
    }
    long since = System.nanoTime() - lastRoundNanos;
    return !closed
        && current != null
        && current.isAlive()
        && since <= retry.plus(staleAfter).toNanos();
  }

  /** Stops every agent and the supervisor, and closes the drivers. */
  @Override
  public void close() {
    List<Running> stopping;
    List<RouterDriver> toClose;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
      stopping = List.copyOf(running.values());
      toClose = List.copyOf(driverOf.values());
    } finally {
      lock.unlock();
    }
    stopping.forEach(r -> r.agent().close());
    for (Running r : stopping) {
      try {
        r.thread().join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Thread toJoin = supervisor;
    if (toJoin != null) {
      try {
        toJoin.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    toClose.forEach(RouterDriver::close);
  }
}
