package dev.junction.core.store;

/** Returns which uniqueness rule a write broke. */
public enum UniqueKey {
  /** Two trunks with the same non-empty name in one scope. */
  TRUNK_NAME,
  /** Two attachments of the same kind with the same non-empty name in one scope. */
  ATTACHMENT_NAME,
  /** Two attachments with the same VLAN on one trunk. */
  VLAN,
  /** Two trunks holding the same port. */
  PORT,
  /** Two CNIs on one trunk. */
  CNI_ON_TRUNK,
  /** Two CNIs given the same point-to-point subnet from the pool. */
  CNI_SUBNET,
  /** Two operations with the same idempotency key from the same principal. */
  IDEMPOTENCY_KEY,
  /** Two principals with the same email. */
  PRINCIPAL_EMAIL,
  /** Two tenants claiming one scope. */
  SCOPE,
  /** Two records with the same id. */
  ID
}
