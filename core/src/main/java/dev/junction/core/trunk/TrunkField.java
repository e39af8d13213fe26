package dev.junction.core.trunk;

import java.util.EnumSet;
import java.util.Set;

/** Returns a field of a trunk that an update may change. */
public enum TrunkField {
  NAME,
  DESCRIPTION,
  LABELS,
  DELETION_PROTECTION;

  /** Returns every field an update may change: a full replace. */
  public static Set<TrunkField> all() {
    return EnumSet.allOf(TrunkField.class);
  }
}
