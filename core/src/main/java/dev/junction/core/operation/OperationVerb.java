package dev.junction.core.operation;

/** Returns what an operation does to its resource. */
public enum OperationVerb {
  CREATE,
  UPDATE,
  DELETE,
  MOVE,
  UPSERT_STATIC_ROUTES,
  REMOVE_STATIC_ROUTES,
  REVOKE
}
