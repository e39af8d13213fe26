/** Who is calling: bearer tokens, the bootstrap admin token, and the principal of a request. */
@NullMarked
package dev.junction.server.auth;

import org.jspecify.annotations.NullMarked;
