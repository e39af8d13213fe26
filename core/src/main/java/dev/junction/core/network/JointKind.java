package dev.junction.core.network;

/** Returns how a trunk meets the router: one port, a bundle of ports, or a partner's hand-off. */
public enum JointKind {
  PORT,
  LAG,
  PARTNER
}
