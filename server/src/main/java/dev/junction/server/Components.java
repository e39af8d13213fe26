package dev.junction.server;

import static java.util.Objects.requireNonNull;

import dev.junction.core.UseCases;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.store.Store;
import dev.junction.network.Reconciler;
import dev.junction.network.simulated.SimulatedDriver;
import dev.junction.server.auth.TokenVerifier;
import dev.junction.server.config.JunctionConfig;

/**
 * Returns everything one server process runs, built by hand from the configuration: the store, the
 * use cases over it, the operation worker, the network reconciler and its driver, and the tokens it
 * accepts.
 */
record Components(
    JunctionConfig config,
    Store store,
    UseCases useCases,
    OperationWorker worker,
    SimulatedDriver driver,
    Reconciler reconciler,
    TokenVerifier tokens) {
  Components {
    requireNonNull(config, "config");
    requireNonNull(store, "store");
    requireNonNull(useCases, "useCases");
    requireNonNull(worker, "worker");
    requireNonNull(driver, "driver");
    requireNonNull(reconciler, "reconciler");
    requireNonNull(tokens, "tokens");
  }
}
