package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

/**
 * Returns who a credential stands for: the principal, what it may do, and the credential's id (a
 * token id or {@code global-key}), which rate limits count against.
 */
public record Identity(Principal principal, Access access, String credentialId) {
  public Identity {
    requireNonNull(principal, "principal");
    requireNonNull(access, "access");
    requireNonNull(credentialId, "credentialId");
  }

  @Override
  public String toString() {
    return "Identity[principal=" + principal.id() + ", credential=" + credentialId + "]";
  }
}
