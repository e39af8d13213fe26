package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.QueryParams;
import dev.junction.core.audit.Audit;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.page.PageToken;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The console's page of the audit log, for the operator, newest first, filtered as the core's audit
 * query allows: by principal, by tenant and from a time on; older events page by page.
 */
final class AuditPages {
  static final String[] PARAMETERS = {"principal", "tenant", "since", "pageToken"};

  /** The events one page shows. */
  static final int PAGE_SIZE = 50;

  private static final int MAX_FILTER = 200;

  private final Audit audit;

  AuditPages(Audit audit) {
    this.audit = requireNonNull(audit, "audit");
  }

  Screen page(Viewer viewer, QueryParams params) throws BadParameter {
    String principal = filter(params, "principal");
    String tenant = filter(params, "tenant");
    String since = filter(params, "since");
    String token = filter(params, "pageToken");
    Optional<Instant> from = Optional.empty();
    if (!since.isEmpty()) {
      try {
        from = Optional.of(Instant.parse(since));
      } catch (DateTimeParseException e) {
        throw new BadParameter(
            "since: must be an RFC 3339 time in UTC, such as 2026-01-31T12:00:00Z");
      }
    }
    Optional<Long> after = Optional.empty();
    if (!token.isEmpty()) {
      after = PageToken.decode(token);
      if (after.isEmpty()) {
        throw new BadParameter("pageToken: is not a token this server gave");
      }
    }
    AuditQuery query = new AuditQuery(optional(principal), optional(tenant), from);
    Page<AuditEvent> page = audit.query(viewer.caller(), query, new PageRequest(PAGE_SIZE, after));
    Html html = new Html();
    html.element("h1", "Audit log");
    html.raw("<form method=\"get\" action=\"/console/audit\" class=\"filters\">");
    field(html, "principal", "Principal", principal, "operator");
    field(html, "tenant", "Tenant", tenant, "");
    field(html, "since", "Since (UTC)", since, "2026-01-31T12:00:00Z");
    html.raw("<button type=\"submit\">Filter</button></form>");
    List<AuditEvent> events = page.items();
    if (events.isEmpty()) {
      html.raw("<p>No event matches.</p>");
    } else {
      html.raw("<table id=\"audit\">")
          .headers("At", "Principal", "Tenant", "Action", "Resource", "Source", "Result");
      for (AuditEvent event : events) {
        html.raw("<tr>")
            .element("td", Html.time(event.at()))
            .element("td", event.principal())
            .element("td", event.tenant())
            .element("td", event.action())
            .element("td", event.resource())
            .element("td", event.source())
            .raw("<td>")
            .badge(
                event.outcome().startsWith("ok")
                    ? "OK"
                    : event.outcome().startsWith("denied") ? "DENIED" : "FAILED")
            .raw(" ")
            .text(event.outcome())
            .raw("</td></tr>");
      }
      html.raw("</table>");
    }
    if (page.next().isPresent()) {
      html.raw("<p>")
          .link(
              "/console/audit?principal="
                  + encode(principal)
                  + "&tenant="
                  + encode(tenant)
                  + "&since="
                  + encode(since)
                  + "&pageToken="
                  + encode(PageToken.encode(page.next().get())),
              "Older events")
          .raw("</p>");
    }
    return Screen.ok("Audit log", html, false);
  }

  private static void field(Html html, String name, String label, String value, String hint) {
    html.raw("<label>")
        .text(label)
        .raw(" <input type=\"text\" name=\"")
        .text(name)
        .raw("\" value=\"")
        .text(value)
        .raw("\" placeholder=\"")
        .text(hint)
        .raw("\"></label>");
  }

  private static String filter(QueryParams params, String name) throws BadParameter {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      throw new BadParameter(name + ": must be given at most once");
    }
    String value = values.isEmpty() ? "" : values.get(0).strip();
    if (value.length() > MAX_FILTER) {
      throw new BadParameter(name + ": must be at most " + MAX_FILTER + " characters");
    }
    return value;
  }

  private static Optional<String> optional(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
