/**
 * The BIRD 2 driver: renders a router's header and subjects to BIRD configuration files and link
 * plans, applies them with BIRD's own check and live reconfiguration and with iproute2, reads them
 * back, observes sessions through BIRD's control socket and repairs drift.
 */
@NullMarked
package dev.junction.network.bird;

import org.jspecify.annotations.NullMarked;
