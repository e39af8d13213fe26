package dev.junction.core.resource;

/**
 * Returns where a customer resource is in its lifecycle. The {@code -ING} values are transitional:
 * an operation is under way. {@link #ACTIVE} is settled.
 */
public enum ResourceStatus {
  CREATING,
  UPDATING,
  DELETING,
  ACTIVE;

  /** Returns whether an operation is changing the resource now. */
  public boolean isTransitional() {
    return this != ACTIVE;
  }
}
