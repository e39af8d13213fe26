package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.Caller;
import dev.junction.core.access.Identity;

/**
 * Who is looking at a console page: the core's caller, the identity it signed in as, and the CSRF
 * token its forms must send back.
 */
record Viewer(Caller caller, Identity identity, String csrf) {
  Viewer {
    requireNonNull(caller, "caller");
    requireNonNull(identity, "identity");
    requireNonNull(csrf, "csrf");
  }

  boolean operator() {
    return caller.access().operator();
  }
}
