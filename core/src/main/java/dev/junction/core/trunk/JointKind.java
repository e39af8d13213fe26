package dev.junction.core.trunk;

/** Returns the kind of a trunk's joint, for queries. */
public enum JointKind {
  SINGLE_PORT,
  LAG,
  PARTNER;

  public static JointKind of(Joint joint) {
    return switch (joint) {
      case Joint.SinglePort single -> SINGLE_PORT;
      case Joint.Lag lag -> LAG;
      case Joint.ViaPartner partner -> PARTNER;
    };
  }
}
