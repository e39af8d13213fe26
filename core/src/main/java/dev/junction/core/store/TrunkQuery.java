package dev.junction.core.store;

import dev.junction.core.page.NameFilter;
import dev.junction.core.trunk.JointKind;
import java.util.Optional;
import java.util.Set;

/**
 * Selects trunks of one scope, narrowed by name, by point of presence and by kind of joint.
 *
 * @param popIds only trunks at these points of presence
 * @param jointKinds only trunks with these kinds of joint
 */
public record TrunkQuery(
    String scope,
    NameFilter names,
    Optional<Set<String>> popIds,
    Optional<Set<JointKind>> jointKinds) {
  public TrunkQuery {
    popIds = popIds.map(Set::copyOf);
    jointKinds = jointKinds.map(Set::copyOf);
  }

  public static TrunkQuery inScope(String scope, NameFilter names) {
    return new TrunkQuery(scope, names, Optional.empty(), Optional.empty());
  }
}
