package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import dev.junction.core.UseCases;
import dev.junction.core.access.Tenant;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.NetworkView;
import dev.junction.core.network.Observation;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.trunk.Trunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's page of customer resources, per tenant and scope: trunks (Yandex trunk connections,
 * Cloudflare interconnects), private and public connections and CNIs, each with its status and, for
 * a connection with BGP, the session's state and the prefixes received. The operator sees every
 * tenant's; a tenant sees the scopes its token may read.
 */
final class ResourcePages {
  /** The most resources of one kind a scope shows. */
  static final int PER_SCOPE = 100;

  private static final String NO_TENANT = "(no tenant)";

  private final UseCases useCases;

  ResourcePages(UseCases useCases) {
    this.useCases = requireNonNull(useCases, "useCases");
  }

  Screen page(Viewer viewer) {
    Map<String, Set<String>> scopes = scopes(viewer);
    Html html = new Html();
    html.element("h1", "Resources");
    boolean live = false;
    if (scopes.values().stream().allMatch(Set::isEmpty)) {
      html.raw("<p>Your token may read no scope yet.</p>");
    }
    for (Map.Entry<String, Set<String>> tenant : scopes.entrySet()) {
      if (tenant.getValue().isEmpty()) {
        continue;
      }
      html.raw("<section class=\"tenant\"><h2>Tenant ").text(tenant.getKey()).raw("</h2>");
      for (String scope : tenant.getValue()) {
        live |= scope(html, viewer, scope);
      }
      html.raw("</section>");
    }
    return Screen.ok("Resources", html, live);
  }

  /**
   * Returns the scopes the viewer may read, by tenant: for the operator every tenant's, and the
   * scopes of connections no tenant owns.
   */
  private Map<String, Set<String>> scopes(Viewer viewer) {
    Map<String, Set<String>> scopes = new LinkedHashMap<>();
    if (!viewer.operator()) {
      scopes.put(
          viewer.caller().tenant(), new TreeSet<>(viewer.caller().access().roles().keySet()));
      return scopes;
    }
    Set<String> owned = new TreeSet<>();
    for (Tenant tenant : useCases.identities().tenants(viewer.caller())) {
      Set<String> of = new TreeSet<>(useCases.identities().scopes(viewer.caller(), tenant.id()));
      scopes.put(tenant.name() + " (" + tenant.id() + ")", of);
      owned.addAll(of);
    }
    Set<String> others = new TreeSet<>();
    for (AttachmentKind kind : AttachmentKind.values()) {
      AttachmentQuery any =
          new AttachmentQuery(
              kind,
              Optional.empty(),
              Optional.empty(),
              NameFilter.ALL,
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      useCases.attachments().list(viewer.caller(), any, page()).items().stream()
          .map(Attachment::scope)
          .filter(scope -> !owned.contains(scope))
          .forEach(others::add);
    }
    scopes.put(NO_TENANT, others);
    return scopes;
  }

  /** Writes one scope's resources; returns whether one is changing or not settled yet. */
  private boolean scope(Html html, Viewer viewer, String scope) {
    html.raw("<section class=\"scope\" data-scope=\"")
        .text(scope)
        .raw("\"><h3>Scope ")
        .text(scope)
        .raw("</h3>");
    boolean live = false;
    List<Trunk> trunks =
        useCases.trunks().list(viewer.caller(), scope, NameFilter.ALL, page()).items();
    if (!trunks.isEmpty()) {
      html.element("h4", "Trunks and interconnects");
      html.raw("<table class=\"trunks\">")
          .headers("ID", "Name", "Point of presence", "Capacity", "Status");
      for (Trunk trunk : trunks) {
        live |= trunk.status().isTransitional();
        html.raw("<tr data-id=\"").text(trunk.id()).raw("\">");
        html.element("td", trunk.id())
            .element("td", trunk.name())
            .element("td", trunk.popId())
            .element("td", trunk.capacity().toString())
            .raw("<td class=\"status\">")
            .badge(trunk.status().name())
            .raw("</td></tr>");
      }
      html.raw("</table>");
    }
    List<Attachment> attachments = new ArrayList<>();
    for (AttachmentKind kind : AttachmentKind.values()) {
      attachments.addAll(
          useCases
              .attachments()
              .list(viewer.caller(), AttachmentQuery.inScope(kind, scope, NameFilter.ALL), page())
              .items());
    }
    if (!attachments.isEmpty()) {
      html.element("h4", "Connections");
      html.raw("<table class=\"connections\">")
          .headers(
              "ID", "Name", "Kind", "Trunk", "VLAN", "Status", "BGP", "Since", "Prefixes received");
      for (Attachment attachment : attachments) {
        Optional<BgpObservation> bgp = bgp(viewer, attachment);
        live |=
            attachment.status().isTransitional()
                || (attachment.peering().peerAsn().isPresent()
                    && !bgp.map(BgpObservation::established).orElse(false));
        html.raw("<tr data-id=\"").text(attachment.id()).raw("\">");
        html.element("td", attachment.id())
            .element("td", attachment.name())
            .element("td", kind(attachment.kind()))
            .element("td", attachment.trunkId())
            .element("td", attachment.vlan().map(v -> Integer.toString(v.value())).orElse("-"))
            .raw("<td class=\"status\">")
            .badge(attachment.status().name())
            .raw("</td><td class=\"bgp\">")
            .badge(bgp.map(BgpObservation::state).orElse("-"))
            .raw("</td>")
            .element("td", bgp.map(b -> Html.time(b.since())).orElse("-"))
            .element("td", bgp.map(b -> Long.toString(b.routesImported())).orElse("-"))
            .raw("</tr>");
      }
      html.raw("</table>");
    }
    if (trunks.isEmpty() && attachments.isEmpty()) {
      html.raw("<p>Nothing here yet.</p>");
    }
    html.raw("</section>");
    return live;
  }

  private Optional<BgpObservation> bgp(Viewer viewer, Attachment attachment) {
    if (attachment.peering().peerAsn().isEmpty()) {
      return Optional.empty();
    }
    NetworkView.SubjectView subject =
        useCases.network().view().subject(viewer.caller(), attachment.id());
    return subject.observation().flatMap(Observation::bgp);
  }

  private static String kind(AttachmentKind kind) {
    return switch (kind) {
      case PRIVATE -> "private connection";
      case PUBLIC -> "public connection";
      case CNI -> "CNI";
    };
  }

  private static PageRequest page() {
    return new PageRequest(PER_SCOPE, Optional.empty());
  }
}
