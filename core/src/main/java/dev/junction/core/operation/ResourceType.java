package dev.junction.core.operation;

/** Returns the kind of resource an operation changes. */
public enum ResourceType {
  TRUNK,
  PRIVATE_CONNECTION,
  PUBLIC_CONNECTION,
  CNI,
  TICKET
}
