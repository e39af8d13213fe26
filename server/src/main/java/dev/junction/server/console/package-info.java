/** The operator console at {@code /console}: server-rendered pages over the core's use cases. */
@NullMarked
package dev.junction.server.console;

import org.jspecify.annotations.NullMarked;
