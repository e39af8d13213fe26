package dev.junction.core.catalogue;

/** The optics a port takes. */
public enum TransceiverType {
  BASE_1000_LX,
  BASE_10G_LR,
  BASE_10G_ER,
  BASE_100G_LR4,
  BASE_100G_ER4
}
