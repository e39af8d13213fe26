package dev.junction.server;

import static java.util.Objects.requireNonNull;

import dev.junction.core.UseCases;
import dev.junction.core.operation.OperationWorker;
import dev.junction.network.Reconciler;
import dev.junction.network.simulated.SimulatedDriver;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.limits.RateLimiter;
import dev.junction.store.JdbcStore;

/**
 * Returns everything one server process runs, built by hand from the configuration: the store, the
 * use cases over it, the operation worker, the network reconciler and its driver, and the rate
 * limiter of credentials.
 */
record Components(
    JunctionConfig config,
    JdbcStore store,
    UseCases useCases,
    OperationWorker worker,
    SimulatedDriver driver,
    Reconciler reconciler,
    RateLimiter limiter) {
  Components {
    requireNonNull(config, "config");
    requireNonNull(store, "store");
    requireNonNull(useCases, "useCases");
    requireNonNull(worker, "worker");
    requireNonNull(driver, "driver");
    requireNonNull(reconciler, "reconciler");
    requireNonNull(limiter, "limiter");
  }
}
