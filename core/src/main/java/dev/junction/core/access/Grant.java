package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

/** Gives principal {@code principalId} the role {@code role} in scope {@code scope}. */
public record Grant(String principalId, String scope, Role role) {
  public Grant {
    requireNonNull(principalId, "principalId");
    requireNonNull(scope, "scope");
    requireNonNull(role, "role");
  }
}
