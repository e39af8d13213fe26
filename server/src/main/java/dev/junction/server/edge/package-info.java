/**
 * What happens to a request before any dialect's handler runs: errors of the HTTP layer (a path it
 * refuses, a body or headers too large, no route, a wrong method) and content types it does not
 * accept, each answered in the error body of the API whose path it is.
 */
@NullMarked
package dev.junction.server.edge;

import org.jspecify.annotations.NullMarked;
