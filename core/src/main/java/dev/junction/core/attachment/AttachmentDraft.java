package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Description;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.Name;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An attachment as a caller wrote it, before validation: what create takes, and what an update
 * produces by merging the caller's fields into the stored attachment. Empty strings mean "not
 * given".
 *
 * <p>Violations are reported under the core's field names: {@code scope}, {@code name}, {@code
 * description}, {@code labels}, {@code trunk}, {@code vlan}, {@code peering.*}, {@code
 * static_routes[i]}, {@code public.services}, {@code public.announced_prefixes[i]}.
 */
public record AttachmentDraft(
    String scope,
    String name,
    String description,
    Map<String, String> labels,
    String trunkId,
    Optional<Long> vlan,
    Optional<PeeringDraft> peering,
    List<String> staticRoutes,
    List<String> services,
    List<String> announcedPrefixes) {
  public AttachmentDraft {
    requireNonNull(scope, "scope");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    labels = Map.copyOf(labels);
    requireNonNull(trunkId, "trunkId");
    requireNonNull(vlan, "vlan");
    requireNonNull(peering, "peering");
    staticRoutes = List.copyOf(staticRoutes);
    services = List.copyOf(services);
    announcedPrefixes = List.copyOf(announcedPrefixes);
  }

  /** Returns the draft of a stored attachment, for updates that change only some fields. */
  public static AttachmentDraft of(Attachment attachment) {
    return new AttachmentDraft(
        attachment.scope(),
        attachment.name(),
        attachment.description(),
        attachment.labels().map(),
        attachment.trunkId(),
        attachment.vlan().map(v -> (long) v.value()),
        Optional.of(PeeringDraft.of(attachment.peering())),
        attachment.staticRoutes().stream().map(Ipv4Prefix::toString).toList(),
        attachment.publicAccess().services(),
        attachment.publicAccess().peerAnnouncedPrefixes().stream()
            .map(Ipv4Prefix::toString)
            .toList());
  }

  /**
   * Returns this draft with the given {@code fields} taken from {@code patch}: what an update with
   * a field mask stores. A field in {@code fields} that {@code patch} leaves empty is reset to its
   * default.
   */
  public AttachmentDraft merge(Set<AttachmentField> fields, AttachmentDraft patch) {
    Optional<PeeringDraft> mergedPeering = peering;
    if (fields.contains(AttachmentField.PEERING)) {
      mergedPeering = patch.peering;
    } else {
      PeeringDraft base = peering.orElse(new PeeringDraft("", "", "", 0, ""));
      PeeringDraft given = patch.peering.orElse(new PeeringDraft("", "", "", 0, ""));
      PeeringDraft merged =
          new PeeringDraft(
              fields.contains(AttachmentField.PEERING_SUBNET) ? given.subnet() : base.subnet(),
              fields.contains(AttachmentField.PEERING_PEER_IP) ? given.peerIp() : base.peerIp(),
              fields.contains(AttachmentField.PEERING_CLOUD_IP) ? given.cloudIp() : base.cloudIp(),
              fields.contains(AttachmentField.PEERING_PEER_ASN) ? given.peerAsn() : base.peerAsn(),
              fields.contains(AttachmentField.PEERING_MD5_KEY) ? given.md5Key() : base.md5Key());
      if (peering.isPresent() || !merged.equals(new PeeringDraft("", "", "", 0, ""))) {
        mergedPeering = Optional.of(merged);
      }
    }
    return new AttachmentDraft(
        scope,
        fields.contains(AttachmentField.NAME) ? patch.name : name,
        fields.contains(AttachmentField.DESCRIPTION) ? patch.description : description,
        fields.contains(AttachmentField.LABELS) ? patch.labels : labels,
        fields.contains(AttachmentField.TRUNK) ? patch.trunkId : trunkId,
        fields.contains(AttachmentField.VLAN) ? patch.vlan : vlan,
        mergedPeering,
        fields.contains(AttachmentField.STATIC_ROUTES) ? patch.staticRoutes : staticRoutes,
        services,
        announcedPrefixes);
  }

  /** The parts of a draft that passed validation. */
  public record Valid(
      Labels labels,
      Optional<VlanId> vlan,
      Peering peering,
      List<Ipv4Prefix> staticRoutes,
      PublicAccess publicAccess) {}

  /**
   * Returns the validated parts of this draft, or empty after adding every broken rule to {@code
   * violations}. Rules that depend on stored state (the trunk exists, the VLAN is free, quotas) are
   * the use case's.
   *
   * @param maxStaticRoutes the most static routes one attachment may have
   */
  public Optional<Valid> validate(
      AttachmentKind kind, Asn cloudAsn, int maxStaticRoutes, Violations violations) {
    int before = violations.list().size();
    if (scope.isEmpty()) {
      violations.add("scope", "is required");
    }
    Name.check("name", name, false, violations);
    Description.check("description", description, violations);
    Labels.check("labels", labels, violations);
    if (trunkId.isEmpty()) {
      violations.add("trunk", "is required");
    }
    Optional<VlanId> vlanId = Optional.empty();
    if (vlan.isPresent()) {
      long value = vlan.get();
      if (VlanId.isValid(value)) {
        vlanId = Optional.of(new VlanId((int) value));
      } else {
        violations.add(
            "vlan",
            "must be between " + VlanId.MIN + " and " + VlanId.MAX + " (got " + value + ")");
      }
    }
    Optional<Peering> validPeering = Optional.empty();
    if (peering.isEmpty()) {
      violations.add("peering", "is required");
    } else {
      validPeering = peering.get().validate("peering", cloudAsn, violations);
    }
    List<Ipv4Prefix> routes = prefixes("static_routes", staticRoutes, maxStaticRoutes, violations);
    PublicAccess access = PublicAccess.NONE;
    if (kind == AttachmentKind.PUBLIC) {
      access =
          new PublicAccess(
              List.copyOf(new TreeSet<>(services)),
              prefixes("public.announced_prefixes", announcedPrefixes, 1000, violations));
    } else if (!services.isEmpty() || !announcedPrefixes.isEmpty()) {
      violations.add("public", "is only for public connections");
    }
    if (violations.list().size() > before || validPeering.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Valid(new Labels(labels), vlanId, validPeering.get(), routes, access));
  }

  /**
   * Returns the distinct prefixes of {@code texts} in order, checking each is an IPv4 prefix with
   * its host bits zero and that there are at most {@code max}.
   */
  static List<Ipv4Prefix> prefixes(
      String field, List<String> texts, int max, Violations violations) {
    if (texts.size() > max) {
      violations.add(field, "must have at most " + max + " prefixes (got " + texts.size() + ")");
      return List.of();
    }
    TreeSet<Ipv4Prefix> distinct = new TreeSet<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String itemField = field + "[" + i + "]";
      Optional<Ipv4Prefix> prefix = Ipv4Prefix.parse(text);
      if (prefix.isEmpty()) {
        violations.add(itemField, "must be an IPv4 prefix a.b.c.d/n (got \"" + text + "\")");
      } else if (prefix.get().hasHostBitsSet()) {
        violations.add(
            itemField,
            "must have its host bits zero (did you mean "
                + prefix.get().network()
                + "/"
                + prefix.get().length()
                + "?)");
      } else {
        distinct.add(prefix.get());
      }
    }
    return new ArrayList<>(distinct);
  }
}
