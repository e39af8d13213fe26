package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Returns how one step of an operation ended: the operation is done, or must wait. */
public sealed interface Step {

  /** The operation is done, with an error or a response. */
  record Finished(Operation operation) implements Step {
    public Finished {
      requireNonNull(operation, "operation");
      if (!operation.done()) {
        throw new IllegalArgumentException("operation " + operation.id() + " is not done");
      }
    }
  }

  /** The operation waits for the network and runs again after {@code delay}. */
  record Wait(Duration delay) implements Step {
    public Wait {
      requireNonNull(delay, "delay");
    }
  }
}
