/** Whether this replica should be sent traffic: {@code /healthz} and {@code /readyz}. */
@NullMarked
package dev.junction.server.health;

import org.jspecify.annotations.NullMarked;
