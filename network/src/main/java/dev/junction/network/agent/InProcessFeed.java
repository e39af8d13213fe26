package dev.junction.network.agent;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.Network;
import dev.junction.core.store.LeaseLost;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The feed of the agents a server runs in process: the store itself. An agent owns its router by a
 * lease that its reports renew; it takes a router over only once the previous owner's lease has
 * expired, so that across replicas each router has one in-process owner at a time.
 */
public final class InProcessFeed implements RouterFeed {
  private final Network network;
  private final RouterChanges changes;
  private final String owner;
  private final Duration lease;

  /**
   * @param owner the name of this replica, recorded as the owner of the routers it takes over
   * @param lease how long a router stays this replica's without a report
   */
  public InProcessFeed(Network network, RouterChanges changes, String owner, Duration lease) {
    this.network = requireNonNull(network, "network");
    this.changes = requireNonNull(changes, "changes");
    this.owner = requireNonNull(owner, "owner");
    this.lease = requireNonNull(lease, "lease");
  }

  @Override
  public long register(String routerId, AgentInfo agent) {
    return network
        .observed()
        .claim(routerId, owner, lease, false)
        .orElseThrow(() -> new NotOwner("router " + routerId + " is driven by another owner"));
  }

  @Override
  public DesiredSnapshot snapshot(String routerId, Optional<String> after, int limit) {
    return network.desired().snapshot(routerId, after, limit);
  }

  @Override
  public DesiredChanges changes(String routerId, long since, int limit, Duration maxWait)
      throws InterruptedException {
    CompletableFuture<Void> next = changes.next(routerId);
    DesiredChanges found = network.desired().changes(routerId, since, limit);
    if (!found.isEmpty() || maxWait.isZero()) {
      return found;
    }
    try {
      next.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Nothing changed in time: answer what there is, which may be nothing.
    }
    return network.desired().changes(routerId, since, limit);
  }

  @Override
  public void report(AgentReport report) {
    try {
      network.observed().record(report, lease);
    } catch (LeaseLost lost) {
      throw new NotOwner(lost.getMessage());
    }
  }
}
