package dev.junction.core.operation;

/**
 * Tells the loops of this process that there is new work, so that they run now instead of at their
 * next poll. Signals are hints: a loop that misses one still finds the work on its next pass.
 */
public interface Signals {

  /** New or changed operations are waiting. */
  void operationsChanged();

  /** The desired state of the network has changed. */
  void networkChanged();

  /** Returns signals that go nowhere, for processes without local loops. */
  static Signals none() {
    return new Signals() {
      @Override
      public void operationsChanged() {}

      @Override
      public void networkChanged() {}
    };
  }
}
