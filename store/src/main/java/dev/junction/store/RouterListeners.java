package dev.junction.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners a store calls with the id of each router whose desired state a commit changed. A
 * listener that throws is logged and passed over: it never fails the commit that it hears about,
 * nor keeps the other listeners from hearing.
 */
final class RouterListeners {
  private static final Logger LOG = LoggerFactory.getLogger(RouterListeners.class);

  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  void add(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** Tells every listener that router {@code routerId} changed. */
  void changed(String routerId) {
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(routerId);
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on a change of router {}", routerId, e);
      }
    }
  }
}
