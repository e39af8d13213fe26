package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

/**
 * An operation that was due and free to claim when the store was read: a hint of what a worker may
 * claim, not a claim. The claim itself decides ({@link
 * dev.junction.core.store.WriteTx#claimOperation}).
 *
 * @param id the operation's id
 * @param resourceType what the operation changes, which says how its steps run
 */
public record DueOperation(String id, ResourceType resourceType) {
  public DueOperation {
    requireNonNull(id, "id");
    requireNonNull(resourceType, "resourceType");
  }
}
