/** How the server's log lines look: readable text, or one JSON object a line. */
@NullMarked
package dev.junction.server.logging;

import org.jspecify.annotations.NullMarked;
