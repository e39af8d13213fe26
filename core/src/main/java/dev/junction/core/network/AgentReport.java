package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One report from a router's owner: what it applied and observed since its last report. Reports are
 * fenced by the owner's epoch (a report from an owner that has been replaced is refused) and
 * ordered by {@code seq} within it, so that a late report never replaces a newer one.
 *
 * @param epoch the epoch the owner got when it took the router over
 * @param seq increases with every report of this owner
 * @param appliedSeq the desired sequence up to which the router runs everything it did not refuse
 * @param headerHash the digest of the rendered header the router runs
 */
public record AgentReport(
    String routerId,
    long epoch,
    long seq,
    long appliedSeq,
    String headerHash,
    AgentInfo agent,
    List<SubjectReport> subjects,
    List<NetworkEvent> events) {
  public AgentReport {
    requireNonNull(routerId, "routerId");
    requireNonNull(headerHash, "headerHash");
    requireNonNull(agent, "agent");
    subjects = List.copyOf(subjects);
    events = List.copyOf(events);
  }
}
