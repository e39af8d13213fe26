package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of everything a router should run, for an agent that starts or resyncs. The pages of a
 * snapshot are read in separate transactions; an agent that then applies the changes after {@code
 * seq} ends up with the desired state, whatever changed while it paged.
 *
 * @param seq the router's desired sequence when this page was read
 * @param trunks every trunk on the router (on the first page only)
 * @param sessions a page of the attachments on the router, ordered by id
 * @param recorded what the store last recorded as applied, by subject on this page, so that an
 *     agent reports only what the store does not know
 * @param next where the next page starts, empty on the last page
 */
public record DesiredSnapshot(
    String routerId,
    long seq,
    RouterHeader header,
    List<TrunkIntent> trunks,
    List<SessionIntent> sessions,
    Map<String, Recorded> recorded,
    Optional<String> next) {
  public DesiredSnapshot {
    requireNonNull(routerId, "routerId");
    requireNonNull(header, "header");
    trunks = List.copyOf(trunks);
    sessions = List.copyOf(sessions);
    recorded = Map.copyOf(recorded);
    requireNonNull(next, "next");
  }

  /** Returns what the store recorded as applied for one subject: its revision and digest. */
  public record Recorded(long revision, String hash) {
    public Recorded {
      requireNonNull(hash, "hash");
    }
  }
}
