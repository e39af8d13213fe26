package dev.junction.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners a store calls when a commit inserted an unfinished operation or made waiting ones
 * due, so that operation workers run now instead of at their next poll. A listener that throws is
 * logged and passed over.
 */
final class OperationListeners {
  private static final Logger LOG = LoggerFactory.getLogger(OperationListeners.class);

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  void add(Runnable listener) {
    listeners.add(listener);
  }

  /** Tells every listener that operations are due. */
  void due() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on operations becoming due", e);
      }
    }
  }
}
