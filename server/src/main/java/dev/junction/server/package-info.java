/** The Junction server: the {@code junction} command, configuration, wiring and authentication. */
@NullMarked
package dev.junction.server;

import org.jspecify.annotations.NullMarked;
