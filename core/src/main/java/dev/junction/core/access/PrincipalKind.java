package dev.junction.core.access;

/** Returns what kind of principal calls: a person, or a program with its own identity. */
public enum PrincipalKind {
  USER,
  SERVICE_ACCOUNT
}
