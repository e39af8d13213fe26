/**
 * A simulated network: routers that apply configurations and bring links and sessions up after
 * configurable delays, with faults an operator can inject.
 */
@NullMarked
package dev.junction.network.simulated;

import org.jspecify.annotations.NullMarked;
