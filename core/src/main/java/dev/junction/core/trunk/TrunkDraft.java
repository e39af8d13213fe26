package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Description;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.Name;
import java.util.Map;
import java.util.Optional;

/**
 * A trunk as a caller asked for it, before validation. Violations are reported under {@code scope},
 * {@code name}, {@code description}, {@code labels}, {@code pop}, {@code capacity}, {@code joint},
 * {@code joint.transceiver}, {@code joint.lag_size} and {@code joint.partner}.
 */
public record TrunkDraft(
    String scope,
    String name,
    String description,
    Map<String, String> labels,
    String popId,
    Optional<Bandwidth> capacity,
    Optional<JointRequest> joint,
    boolean deletionProtection) {
  public static final int MAX_LAG_SIZE = 10;

  public TrunkDraft {
    requireNonNull(scope, "scope");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    labels = Map.copyOf(labels);
    requireNonNull(popId, "popId");
    requireNonNull(capacity, "capacity");
    requireNonNull(joint, "joint");
  }

  /** Adds every rule this draft breaks to {@code violations}. */
  public void validate(Violations violations) {
    if (scope.isEmpty()) {
      violations.add("scope", "is required");
    }
    Name.check("name", name, false, violations);
    Description.check("description", description, violations);
    Labels.check("labels", labels, violations);
    if (popId.isEmpty()) {
      violations.add("pop", "is required");
    }
    if (capacity.isEmpty()) {
      violations.add("capacity", "is required");
    }
    if (joint.isEmpty()) {
      violations.add("joint", "is required: a single port, a LAG or a partner joint");
      return;
    }
    switch (joint.get()) {
      case JointRequest.SinglePort single -> {
        if (single.transceiver().isEmpty()) {
          violations.add("joint.transceiver", "is required");
        }
      }
      case JointRequest.Lag lag -> {
        if (lag.transceiver().isEmpty()) {
          violations.add("joint.transceiver", "is required");
        }
        if (lag.size() < 1 || lag.size() > MAX_LAG_SIZE) {
          violations.add(
              "joint.lag_size",
              "must be between 1 and " + MAX_LAG_SIZE + " (got " + lag.size() + ")");
        }
      }
      case JointRequest.ViaPartner partner -> {
        if (partner.partnerId().isEmpty()) {
          violations.add("joint.partner", "is required");
        }
      }
    }
  }
}
