package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Router;
import java.util.List;

/**
 * What a router should run apart from its trunks and attachments: its identity and the prefixes the
 * provider announces from it, and, for a simulated router, the faults injected into it.
 */
public record RouterHeader(Router router, List<NetworkFault> faults) {
  /** The subject id under which a router reports the header it runs. */
  public static final String SUBJECT_ID = "router";

  public RouterHeader {
    requireNonNull(router, "router");
    faults = List.copyOf(faults);
  }
}
