package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import dev.junction.core.UseCases;
import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Tenant;
import dev.junction.core.operation.Operation;
import dev.junction.core.page.PageRequest;
import dev.junction.core.ticket.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The console's page of trunk tickets, for the operator: those awaiting approval, with Approve and
 * Reject buttons (the same use cases as the operator API's {@code :approve} and {@code :reject}),
 * and the latest settled ones.
 */
final class TicketPages {
  /** The most tickets of one scope the page reads. */
  static final int PER_SCOPE = 100;

  private final UseCases useCases;

  TicketPages(UseCases useCases) {
    this.useCases = requireNonNull(useCases, "useCases");
  }

  /**
   * Returns the page; {@code done} is what the last action did, shown once after it redirected
   * here.
   */
  Screen page(Viewer viewer, String done) {
    AccessGuard.operator(viewer.caller(), "the trunk tickets page");
    List<Ticket> all = new ArrayList<>();
    for (Tenant tenant : useCases.identities().tenants(viewer.caller())) {
      for (String scope : useCases.identities().scopes(viewer.caller(), tenant.id())) {
        all.addAll(
            useCases
                .tickets()
                .list(viewer.caller(), scope, new PageRequest(PER_SCOPE, Optional.empty()))
                .items());
      }
    }
    all.sort(Comparator.comparing(Ticket::createdAt).reversed());
    List<Ticket> pending = all.stream().filter(t -> !t.status().isSettled()).toList();
    List<Ticket> settled = all.stream().filter(t -> t.status().isSettled()).toList();
    Html html = new Html();
    html.element("h1", "Trunk tickets");
    if (!done.isEmpty()) {
      html.raw("<p class=\"notice\" id=\"notice\">").text(done).raw("</p>");
    }
    html.element("h2", "Awaiting approval");
    if (pending.isEmpty()) {
      html.raw("<p id=\"pending-none\">No ticket is awaiting approval.</p>");
    } else {
      html.raw("<table id=\"pending\">")
          .headers("Ticket", "Scope", "Name", "Point of presence", "Capacity", "Created", "");
      for (Ticket ticket : pending) {
        html.raw("<tr data-id=\"").text(ticket.id()).raw("\">");
        html.element("td", ticket.id())
            .element("td", ticket.scope())
            .element("td", ticket.spec().name())
            .element("td", ticket.spec().popId())
            .element("td", ticket.spec().capacity().toString())
            .element("td", Html.time(ticket.createdAt()))
            .raw("<td>")
            .postButton(
                "/console/tickets/" + ticket.id() + "/approve", viewer.csrf(), "Approve", "approve")
            .postButton(
                "/console/tickets/" + ticket.id() + "/reject", viewer.csrf(), "Reject", "reject")
            .raw("</td></tr>");
      }
      html.raw("</table>");
    }
    html.element("h2", "Settled");
    if (settled.isEmpty()) {
      html.raw("<p>None yet.</p>");
    } else {
      html.raw("<table id=\"settled\">")
          .headers("Ticket", "Scope", "Name", "Status", "Trunk", "Updated");
      for (Ticket ticket : settled) {
        html.raw("<tr>")
            .element("td", ticket.id())
            .element("td", ticket.scope())
            .element("td", ticket.spec().name())
            .raw("<td>")
            .badge(ticket.status().name())
            .raw("</td>")
            .element("td", ticket.trunkId().orElse("-"))
            .element("td", Html.time(ticket.updatedAt()))
            .raw("</tr>");
      }
      html.raw("</table>");
    }
    return Screen.ok("Trunk tickets", html, false);
  }

  /** Approves or rejects ticket {@code id}; returns what was done, to show on the next page. */
  String act(Viewer viewer, String id, boolean approve) {
    if (approve) {
      Operation operation = useCases.tickets().approve(viewer.caller(), id);
      return "Approved ticket "
          + id
          + ": operation "
          + operation.id()
          + " creates trunk "
          + operation.resourceId()
          + " (see Operations).";
    }
    useCases.tickets().reject(viewer.caller(), id);
    return "Rejected ticket " + id + ".";
  }
}
