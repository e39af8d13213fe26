package dev.junction.core.attachment;

/** Returns what an attachment connects the customer to. */
public enum AttachmentKind {
  /** The customer's private cloud networks. */
  PRIVATE,
  /** The provider's public services, set up by the operator. */
  PUBLIC,
  /** A network interconnect: a point-to-point link from a pool, with BGP optional. */
  CNI
}
