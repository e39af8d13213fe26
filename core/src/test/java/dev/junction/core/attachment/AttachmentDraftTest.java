package dev.junction.core.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Violations;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttachmentDraftTest {
  private static final PeeringDraft PEERING =
      new PeeringDraft("10.0.0.0/31", "10.0.0.0", "10.0.0.1", 65001, "");

  private static AttachmentDraft draft(Optional<Long> vlan, List<String> routes) {
    return new AttachmentDraft(
        "folder",
        "pc",
        "",
        Map.of(),
        "trunk",
        vlan,
        Optional.of(PEERING),
        routes,
        List.of(),
        List.of());
  }

  private static List<String> broken(AttachmentDraft draft, AttachmentKind kind, int maxRoutes) {
    Violations violations = new Violations();
    draft.validate(kind, new Asn(200350), maxRoutes, violations);
    return violations.list().stream().map(FieldViolation::field).toList();
  }

  @Test
  void keepsStaticRoutesDistinctAndSorted() {
    Violations violations = new Violations();
    AttachmentDraft.Valid valid =
        draft(Optional.of(2L), List.of("10.2.0.0/16", "10.1.0.0/16", "10.2.0.0/16"))
            .validate(AttachmentKind.PRIVATE, new Asn(200350), 100, violations)
            .orElseThrow();
    assertThat(valid.staticRoutes())
        .containsExactly(Ipv4Prefix.of("10.1.0.0/16"), Ipv4Prefix.of("10.2.0.0/16"));
  }

  @Test
  void namesEachBadStaticRouteByIndex() {
    assertThat(
            broken(
                draft(Optional.of(2L), List.of("10.1.0.0/16", "10.1.0.1/16", "nope")),
                AttachmentKind.PRIVATE,
                100))
        .containsExactly("static_routes[1]", "static_routes[2]");
    assertThat(
            broken(
                draft(Optional.of(2L), List.of("10.1.0.0/16", "10.2.0.0/16")),
                AttachmentKind.PRIVATE,
                1))
        .containsExactly("static_routes");
  }

  @Test
  void checksTheVlanRangeAndRequiredFields() {
    assertThat(broken(draft(Optional.of(1L), List.of()), AttachmentKind.PRIVATE, 100))
        .containsExactly("vlan");
    assertThat(broken(draft(Optional.of(4001L), List.of()), AttachmentKind.PRIVATE, 100))
        .containsExactly("vlan");
    AttachmentDraft empty =
        new AttachmentDraft(
            "",
            "",
            "",
            Map.of(),
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());
    assertThat(broken(empty, AttachmentKind.PRIVATE, 100))
        .containsExactly("scope", "trunk", "peering");
  }

  @Test
  void allowsPublicServicesOnlyOnPublicConnections() {
    AttachmentDraft withServices =
        new AttachmentDraft(
            "f",
            "p",
            "",
            Map.of(),
            "t",
            Optional.of(2L),
            Optional.of(PEERING),
            List.of(),
            List.of("S3"),
            List.of());
    assertThat(broken(withServices, AttachmentKind.PRIVATE, 100)).containsExactly("public");
    assertThat(broken(withServices, AttachmentKind.PUBLIC, 100)).isEmpty();
  }

  @Test
  void mergesOnlyTheFieldsInTheMaskAndResetsListedFieldsLeftEmpty() {
    AttachmentDraft current = draft(Optional.of(100L), List.of("10.1.0.0/16"));
    AttachmentDraft patch =
        new AttachmentDraft(
            "",
            "renamed",
            "",
            Map.of(),
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());
    AttachmentDraft merged =
        current.merge(EnumSet.of(AttachmentField.NAME, AttachmentField.STATIC_ROUTES), patch);
    assertThat(merged.name()).isEqualTo("renamed");
    assertThat(merged.staticRoutes()).isEmpty();
    assertThat(merged.vlan()).contains(100L);
    assertThat(merged.peering()).contains(PEERING);
    assertThat(merged.scope()).isEqualTo("folder");
  }

  @Test
  void mergesOnePartOfThePeering() {
    AttachmentDraft current = draft(Optional.of(100L), List.of());
    AttachmentDraft patch =
        new AttachmentDraft(
            "",
            "",
            "",
            Map.of(),
            "",
            Optional.empty(),
            Optional.of(new PeeringDraft("", "", "", 0, "new-key")),
            List.of(),
            List.of(),
            List.of());
    AttachmentDraft merged = current.merge(EnumSet.of(AttachmentField.PEERING_MD5_KEY), patch);
    assertThat(merged.peering().orElseThrow().md5Key()).isEqualTo("new-key");
    assertThat(merged.peering().orElseThrow().subnet()).isEqualTo("10.0.0.0/31");
  }
}
