package dev.junction.server;

import dev.junction.core.operation.Signals;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes the core's signals to the loops of this process. Loops subscribe after they are built,
 * which breaks the cycle between the use cases (which signal) and the loops (which use them).
 */
final class LocalSignals implements Signals {
  private final List<Runnable> operationListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> networkListeners = new CopyOnWriteArrayList<>();

  void onOperationsChanged(Runnable listener) {
    operationListeners.add(listener);
  }

  void onNetworkChanged(Runnable listener) {
    networkListeners.add(listener);
  }

  @Override
  public void operationsChanged() {
    operationListeners.forEach(Runnable::run);
  }

  @Override
  public void networkChanged() {
    networkListeners.forEach(Runnable::run);
  }
}
