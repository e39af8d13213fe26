package dev.junction.server.metrics;

import dev.junction.network.agent.AgentObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts what the agents this server runs do, per router of the catalogue: passes of their loop,
 * passes that failed, and changes handed to the router with how long it took and what it answered.
 */
final class AgentMeters implements AgentObserver {
  private final MeterRegistry registry;

  AgentMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void passed(String routerId) {
    Counter.builder("junction.network.reconcile.passes")
        .description("Passes of a router's agent loop (each reads changes, applies, observes)")
        .tag("router", routerId)
        .register(registry)
        .increment();
  }

  @Override
  public void failed(String routerId) {
    Counter.builder("junction.network.reconcile.failures")
        .description("Passes of a router's agent loop that failed and were retried after a backoff")
        .tag("router", routerId)
        .register(registry)
        .increment();
  }

  @Override
  public void applied(String routerId, String result, long nanos) {
    Timer.builder("junction.network.apply")
        .description("Changes handed to a router, by what it answered, with how long it took")
        .tag("router", routerId)
        .tag("result", result)
        .serviceLevelObjectives(
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
