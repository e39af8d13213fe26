package dev.junction.core.store;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Returns and keeps the model, in transactions. A write transaction sees a consistent snapshot and
 * either commits whole or not at all; every uniqueness rule is a database constraint, reported as a
 * {@link UniqueViolation} after the transaction has been rolled back.
 */
public interface Store extends AutoCloseable {

  /** Runs {@code work} in a read-only transaction and returns its result. */
  <T> T read(Function<ReadTx, T> work);

  /**
   * Runs {@code work} in a read-write transaction and commits it, or rolls it back if {@code work}
   * throws. Write transactions on the same rows are serialized. If the database undoes the
   * transaction for a deadlock or a serialization failure, the store runs {@code work} again in a
   * new one (a bounded number of times), so {@code work} must have no effect outside its
   * transaction.
   *
   * <p>A store may run the works of concurrent callers one after the other in one transaction and
   * commit them together (group commit): then {@code work} sees what the works before it wrote, a
   * work that throws is undone alone, and each caller returns (or throws) only once the shared
   * commit is durable or has failed. A work must not call {@code write} itself.
   *
   * @throws UniqueViolation if a write broke a uniqueness constraint (after rollback)
   */
  <T> T write(Function<WriteTx, T> work);

  /**
   * Runs {@code work} as {@link #write(Function)} does, unless it waits longer than {@code
   * queueWait} for its turn behind other writes: then it is withdrawn before it starts, nothing of
   * it runs, and {@link WriterBusy} is thrown. Once started, it runs to its commit however long
   * that takes. A store that never queues writes may ignore {@code queueWait}.
   *
   * @throws WriterBusy if the write was withdrawn unstarted
   */
  default <T> T write(Duration queueWait, Function<WriteTx, T> work) {
    return write(work);
  }

  /**
   * Calls {@code listener} with a router id after a commit changed what that router should run:
   * after this store's own commits, and, where the engine can tell (PostgreSQL), after those of
   * other processes on the same database. Calls are hints made on a store thread, possibly more
   * than once for one change; a listener must return quickly.
   */
  void onRouterChanged(Consumer<String> listener);

  /**
   * Calls {@code listener} after a commit inserted an unfinished operation, made waiting ones due
   * or finished one: after this store's own commits, and, where the engine can tell (PostgreSQL),
   * after those of other processes on the same database. Calls are hints made on a store thread,
   * possibly more than once for one change or, after a lost connection, for no change; a listener
   * must return quickly.
   */
  void onOperationsDue(Runnable listener);

  @Override
  void close();
}
