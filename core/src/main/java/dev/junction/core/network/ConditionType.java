package dev.junction.core.network;

/** Returns which aspect of a trunk or attachment a condition reports on. */
public enum ConditionType {
  /** The router runs the configuration for the subject's current revision. */
  CONFIG_APPLIED,
  /** The physical or logical link is up. */
  LINK_UP,
  /** The BGP session is in state Established. */
  BGP_ESTABLISHED
}
