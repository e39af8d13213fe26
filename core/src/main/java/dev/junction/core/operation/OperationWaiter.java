package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Tells a request when what it waits for has happened, without a thread of its own: an operation
 * done, or a resource no longer changing. A request registers interest and gets a {@link
 * CompletableFuture}; it bounds the wait itself ({@link CompletableFuture#orTimeout}).
 *
 * <p>An operation this process's worker finishes completes its waiters at once ({@link #finished}).
 * Anything else (an operation another replica finished, a resource that settled) is found by a
 * re-read on the store's signal ({@link #changed}, wired to {@link Store#onOperationsDue}, which
 * every commit that finishes an operation raises, on PostgreSQL in every replica): one read
 * transaction checks every open wait, and signals that arrive while a re-read runs are folded into
 * the next one. Registering a wait also schedules a re-read, so a change committed just before it
 * is not missed.
 */
public final class OperationWaiter implements AutoCloseable {
  private static final System.Logger log = System.getLogger(OperationWaiter.class.getName());

  private final Store store;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final AtomicBoolean rereadQueued = new AtomicBoolean();
  private final ExecutorService rereads =
      Executors.newSingleThreadExecutor(
          task -> Thread.ofPlatform().daemon().name("operation-waiter").unstarted(task));

  public OperationWaiter(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** One open wait: how to tell it is over, and the future its waiters share. */
  private record Watch(Function<ReadTx, Optional<?>> check, CompletableFuture<Object> future) {}

  /**
   * Returns a future of {@code operation} once it is done: at once if it already is. The future
   * never fails on its own; the caller bounds the wait.
   */
  public CompletableFuture<Operation> done(Operation operation) {
    requireNonNull(operation, "operation");
    if (operation.done()) {
      return CompletableFuture.completedFuture(operation);
    }
    String id = operation.id();
    return watch(operationKey(id), tx -> tx.operation(id).filter(Operation::done));
  }

  /**
   * Returns a future completed once {@code check}, run in a read transaction after each signal,
   * returns a value; {@code key} names what is awaited, so that waits on the same thing share one
   * check.
   */
  public <T> CompletableFuture<T> until(String key, Function<ReadTx, Optional<T>> check) {
    requireNonNull(key, "key");
    requireNonNull(check, "check");
    return watch("until:" + key, check);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> watch(String key, Function<ReadTx, Optional<T>> check) {
    Watch watch =
        watches.computeIfAbsent(
            key,
            k -> {
              Watch created = new Watch(check::apply, new CompletableFuture<>());
              created.future().whenComplete((result, failure) -> watches.remove(k, created));
              return created;
            });
    changed();
    // A copy, so that one waiter's timeout leaves the others waiting.
    return (CompletableFuture<T>) watch.future().copy();
  }

  /** Completes the waits on {@code operation}, which this process has just finished. */
  public void finished(Operation operation) {
    Watch watch = watches.get(operationKey(operation.id()));
    if (watch != null) {
      watch.future().complete(operation);
    }
  }

  /** Looks again at every open wait soon: the store says operations changed. */
  public void changed() {
    if (watches.isEmpty() || !rereadQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      rereads.execute(this::reread);
    } catch (RejectedExecutionException closed) {
      rereadQueued.set(false);
    }
  }

  /** Returns how many different things requests are waiting for. */
  public int waiting() {
    return watches.size();
  }

  private void reread() {
    rereadQueued.set(false);
    List<Watch> open = new ArrayList<>(watches.values());
    if (open.isEmpty()) {
      return;
    }
    List<Optional<?>> results;
    try {
      results =
          store.read(
              tx -> {
                List<Optional<?>> found = new ArrayList<>(open.size());
                for (Watch watch : open) {
                  found.add(watch.future().isDone() ? Optional.empty() : watch.check().apply(tx));
                }
                return found;
              });
    } catch (RuntimeException e) {
      // The next signal looks again; each waiter's own deadline bounds its wait meanwhile.
      log.log(Level.WARNING, "could not read what requests are waiting for; will look again", e);
      return;
    }
    for (int i = 0; i < open.size(); i++) {
      Optional<?> result = results.get(i);
      if (result.isPresent()) {
        open.get(i).future().complete(result.get());
      }
    }
  }

  private static String operationKey(String id) {
    return "operation:" + id;
  }

  /** Stops re-reading; open waits end at their callers' deadlines. */
  @Override
  public void close() {
    rereads.shutdownNow();
  }
}
