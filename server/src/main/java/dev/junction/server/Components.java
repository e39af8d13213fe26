package dev.junction.server;

import static java.util.Objects.requireNonNull;

import dev.junction.core.UseCases;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.operation.OperationWaiter;
import dev.junction.core.operation.OperationWorker;
import dev.junction.network.agent.LocalRouters;
import dev.junction.network.agent.RouterChanges;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.limits.RateLimiter;
import dev.junction.server.metrics.ServerMetrics;
import dev.junction.store.JdbcStore;

/**
 * Returns everything one server process runs, built by hand from the configuration: the store, the
 * use cases over it, the operation worker, what tells requests that a change is done, the agents of
 * the routers it drives itself, the signal that wakes agents when a router's desired state changes,
 * the rate limiter of credentials, the credentials confirmed recently and the meters. {@code
 * replica} is the name this process goes by among the replicas: the owner recorded on the routers
 * whose agents it runs.
 */
record Components(
    JunctionConfig config,
    String replica,
    JdbcStore store,
    UseCases useCases,
    OperationWorker worker,
    OperationWaiter waiter,
    SimulatedNetwork simulated,
    RouterChanges routerChanges,
    LocalRouters localRouters,
    RateLimiter limiter,
    CredentialCache credentials,
    ServerMetrics metrics) {
  Components {
    requireNonNull(config, "config");
    requireNonNull(replica, "replica");
    requireNonNull(store, "store");
    requireNonNull(useCases, "useCases");
    requireNonNull(worker, "worker");
    requireNonNull(waiter, "waiter");
    requireNonNull(simulated, "simulated");
    requireNonNull(routerChanges, "routerChanges");
    requireNonNull(localRouters, "localRouters");
    requireNonNull(limiter, "limiter");
    requireNonNull(credentials, "credentials");
    requireNonNull(metrics, "metrics");
  }
}
