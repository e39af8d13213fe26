package dev.junction.network.agent;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * What a router's agent pulls its desired state from and pushes its reports to: the server's agent
 * API over HTTP for {@code junction agent}, or the store directly for the agents a server runs in
 * process. Implementations may throw {@link RuntimeException}s when the server or the store cannot
 * be reached; the agent backs off and tries again.
 */
public interface RouterFeed {

  /**
   * Makes this agent the owner of router {@code routerId} and returns its epoch.
   *
   * @throws NotOwner if another owner holds the router and this one may not take it over
   */
  long register(String routerId, AgentInfo agent);

  /** Returns a page of everything the router should run; see {@code DesiredState#snapshot}. */
  DesiredSnapshot snapshot(String routerId, Optional<String> after, int limit);

  /**
   * Returns what changed after {@code since}, waiting up to {@code maxWait} for a change when there
   * is none yet; returns empty changes if none came.
   */
  DesiredChanges changes(String routerId, long since, int limit, Duration maxWait)
      throws InterruptedException;

  /**
   * Records a report.
   *
   * @throws NotOwner if another owner has taken the router over since the report's epoch
   */
  void report(AgentReport report);

  /** Reports that a router has another owner now, so that this agent must stop. */
  final class NotOwner extends RuntimeException {
    public NotOwner(String message) {
      super(message, null, false, false);
    }
  }
}
