package dev.junction.core.attachment;

import java.util.EnumSet;
import java.util.Set;

/** Returns a field of an attachment that an update may change. */
public enum AttachmentField {
  NAME,
  DESCRIPTION,
  LABELS,
  TRUNK,
  VLAN,
  /** The whole peering; the {@code PEERING_*} values change one part of it. */
  PEERING,
  PEERING_SUBNET,
  PEERING_PEER_IP,
  PEERING_CLOUD_IP,
  PEERING_PEER_ASN,
  PEERING_MD5_KEY,
  STATIC_ROUTES;

  /** Returns every field an update may change: a full replace. */
  public static Set<AttachmentField> all() {
    return EnumSet.of(NAME, DESCRIPTION, LABELS, TRUNK, VLAN, PEERING, STATIC_ROUTES);
  }
}
