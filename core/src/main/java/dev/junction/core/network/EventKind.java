package dev.junction.core.network;

/** Returns what happened on a router that the operator should be able to look back at. */
public enum EventKind {
  /** Something on the router differed from what Junction had applied, and was put back. */
  DRIFT_REPAIRED,
  /** The router refused a configuration. */
  REFUSED,
  /** A new owner (an agent, or a replica's in-process agent) took the router over. */
  OWNER_CHANGED
}
