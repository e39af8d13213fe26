package dev.junction.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.LinkObservation;
import java.util.Optional;

/**
 * What a router shows of one subject now: the link (a trunk's interface, an attachment's
 * sub-interface) and, for an attachment with BGP, its session.
 */
public record SubjectState(
    String subjectId, Optional<LinkObservation> link, Optional<BgpObservation> bgp) {
  public SubjectState {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(link, "link");
    requireNonNull(bgp, "bgp");
  }
}
