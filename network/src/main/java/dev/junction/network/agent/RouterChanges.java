package dev.junction.network.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tells those waiting for a router's desired state to change that it has: agents in this process
 * and agents long-polling this server. Fed by the store's change notifications, which cover this
 * process's commits and, on PostgreSQL, other replicas' too.
 *
 * <p>A waiter takes {@link #next} <em>before</em> it reads the router's sequence, so that a change
 * committed in between still completes the future it holds.
 */
public final class RouterChanges {
  private final ConcurrentMap<String, CompletableFuture<Void>> next = new ConcurrentHashMap<>();

  /**
   * Returns a future completed at the next change of router {@code routerId}. It is shared among
   * waiters: never complete or cancel it, wait on it or on a {@link CompletableFuture#copy()}.
   */
  public CompletableFuture<Void> next(String routerId) {
    return next.computeIfAbsent(routerId, id -> new CompletableFuture<>());
  }

  /** Wakes everyone waiting for router {@code routerId} to change. */
  public void changed(String routerId) {
    CompletableFuture<Void> waiting = next.remove(routerId);
    if (waiting != null) {
      waiting.complete(null);
    }
  }
}
