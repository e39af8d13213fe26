/**
 * The network side: renders each router's desired state, reconciles routers to it through a driver,
 * and reports what it observes back to the core.
 */
@NullMarked
package dev.junction.network;

import org.jspecify.annotations.NullMarked;
