package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import java.time.Instant;

/**
 * A customer's trunk: the layer-2 link between the customer and the provider at a point of
 * presence, over which attachments (VLANs) run.
 *
 * @param scope the tenant scope that owns the trunk (a folder, an account)
 * @param revision increases with every change to the trunk; the network reports which revision it
 *     has applied
 */
public record Trunk(
    String id,
    String scope,
    String name,
    String description,
    Labels labels,
    String popId,
    Joint joint,
    Bandwidth capacity,
    boolean deletionProtection,
    ResourceStatus status,
    Instant createdAt,
    long revision) {
  public Trunk {
    requireNonNull(id, "id");
    requireNonNull(scope, "scope");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(labels, "labels");
    requireNonNull(popId, "popId");
    requireNonNull(joint, "joint");
    requireNonNull(capacity, "capacity");
    requireNonNull(status, "status");
    requireNonNull(createdAt, "createdAt");
  }

  public Trunk withStatus(ResourceStatus newStatus) {
    return new Trunk(
        id,
        scope,
        name,
        description,
        labels,
        popId,
        joint,
        capacity,
        deletionProtection,
        newStatus,
        createdAt,
        revision);
  }

  public Trunk withScope(String newScope) {
    return new Trunk(
        id,
        newScope,
        name,
        description,
        labels,
        popId,
        joint,
        capacity,
        deletionProtection,
        status,
        createdAt,
        revision);
  }

  /** Returns this trunk with the editable fields replaced and the revision bumped. */
  public Trunk edited(
      String newName, String newDescription, Labels newLabels, boolean newDeletionProtection) {
    return new Trunk(
        id,
        scope,
        newName,
        newDescription,
        newLabels,
        popId,
        joint,
        capacity,
        newDeletionProtection,
        status,
        createdAt,
        revision + 1);
  }

  public Trunk nextRevision() {
    return new Trunk(
        id,
        scope,
        name,
        description,
        labels,
        popId,
        joint,
        capacity,
        deletionProtection,
        status,
        createdAt,
        revision + 1);
  }
}
