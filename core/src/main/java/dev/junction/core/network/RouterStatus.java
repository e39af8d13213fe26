package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the store knows of a router's network side: how far its desired state has got, how far the
 * router has applied it, who owns it and when it was last heard from.
 *
 * @param desiredSeq increases with every change to what the router should run
 * @param appliedSeq the desired sequence the router last reported running
 * @param headerHash the digest of the rendered header the router last reported running
 * @param owner the agent or replica that drives the router, empty if none
 * @param epoch increases each time a new owner takes the router over
 * @param leaseUntil until when the owner holds the router without renewing
 * @param lastHeardAt when the owner last reported, empty if never
 * @param agent the driver and version the owner last reported
 */
public record RouterStatus(
    String routerId,
    long desiredSeq,
    long appliedSeq,
    String headerHash,
    Optional<String> owner,
    long epoch,
    Optional<Instant> leaseUntil,
    Optional<Instant> lastHeardAt,
    Optional<AgentInfo> agent) {
  public RouterStatus {
    requireNonNull(routerId, "routerId");
    requireNonNull(headerHash, "headerHash");
    requireNonNull(owner, "owner");
    requireNonNull(leaseUntil, "leaseUntil");
    requireNonNull(lastHeardAt, "lastHeardAt");
    requireNonNull(agent, "agent");
  }
}
