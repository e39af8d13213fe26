package dev.junction.core.network;

/** Returns whether a condition holds, does not hold, or cannot be told. */
public enum ConditionStatus {
  TRUE,
  FALSE,
  UNKNOWN
}
