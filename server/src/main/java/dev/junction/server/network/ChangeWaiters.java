package dev.junction.server.network;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans a router's next change out to the requests for changes waiting for it, with one dependent on
 * each of {@code RouterChanges}' futures however many requests wait, so that requests that time out
 * while a router stays quiet for days leave nothing behind.
 */
final class ChangeWaiters {
  private final ConcurrentMap<String, Fanout> fanouts = new ConcurrentHashMap<>();

  /** The requests waiting for one future of a router's changes. */
  private static final class Fanout {
    final CompletableFuture<Void> source;
    final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

    Fanout(CompletableFuture<Void> source) {
      this.source = source;
    }

    void wake() {
      waiting.forEach(w -> w.complete(null));
    }
  }

  /**
   * Returns a future completed when {@code next} (router {@code routerId}'s next change) completes,
   * or after {@code wait}, whichever comes first.
   */
  CompletableFuture<Void> await(String routerId, CompletableFuture<Void> next, Duration wait) {
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    boolean[] created = {false};
    Fanout fanout =
        fanouts.compute(
            routerId,
            (id, current) -> {
              if (current != null && current.source == next) {
                return current;
              }
              created[0] = true;
              return new Fanout(next);
            });
    fanout.waiting.add(waiter);
    waiter.whenComplete((ignored, failure) -> fanout.waiting.remove(waiter));
    if (created[0]) {
      next.whenComplete(
          (ignored, failure) -> {
            fanouts.remove(routerId, fanout);
            fanout.wake();
          });
    }
    if (next.isDone()) {
      // The change came before this waiter was in the set that the change wakes.
      waiter.complete(null);
    }
    return waiter.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Returns how many requests wait for router {@code routerId} to change. */
  int waiting(String routerId) {
    Fanout fanout = fanouts.get(routerId);
    return fanout == null ? 0 : fanout.waiting.size();
  }
}
