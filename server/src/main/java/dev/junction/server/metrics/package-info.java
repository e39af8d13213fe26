/** What the server measures of itself, and {@code /metrics} in the Prometheus text format. */
@NullMarked
package dev.junction.server.metrics;

import org.jspecify.annotations.NullMarked;
