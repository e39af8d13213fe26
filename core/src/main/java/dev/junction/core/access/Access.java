package dev.junction.core.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Returns what a caller may see and change: roles per scope, or everything for the operator.
 *
 * @param operator the provider's operator, who sees and changes every scope and the catalogue
 * @param roles the caller's strongest role in each scope it has one in
 */
public record Access(boolean operator, Map<String, Role> roles) {
  public static final Access NONE = new Access(false, Map.of());
  public static final Access OPERATOR = new Access(true, Map.of());

  public Access {
    roles = Map.copyOf(roles);
  }

  /** Returns the access that {@code grants} give, keeping the strongest role per scope. */
  public static Access of(boolean operator, Iterable<Grant> grants) {
    Map<String, Role> roles = new HashMap<>();
    for (Grant grant : grants) {
      roles.merge(grant.scope(), grant.role(), (a, b) -> a.canWrite() ? a : b);
    }
    return new Access(operator, roles);
  }

  public boolean canRead(String scope) {
    return operator || roles.containsKey(scope);
  }

  public boolean canWrite(String scope) {
    return operator || Optional.ofNullable(roles.get(scope)).map(Role::canWrite).orElse(false);
  }

  /** Returns the scopes the caller may read, or empty for the operator, who reads all. */
  public Optional<Set<String>> readableScopes() {
    return operator ? Optional.empty() : Optional.of(roles.keySet());
  }
}
