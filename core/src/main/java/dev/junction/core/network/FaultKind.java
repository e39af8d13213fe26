package dev.junction.core.network;

/** Returns what an injected fault of the simulated network holds down. */
public enum FaultKind {
  /** A link, by kernel interface name: it is down, and sessions over it go Idle. */
  LINK,
  /** A BGP session, by attachment id: it stays Active. */
  SESSION,
  /** A router, by id: it refuses every new configuration. */
  REFUSAL
}
