package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import java.util.ArrayList;
import java.util.List;

/** The audit log's rows, which the database keeps append-only. */
final class AuditRows {
  private final Statements sql;

  AuditRows(Statements sql) {
    this.sql = sql;
  }

  void appendAudit(AuditEvent event) {
    sql.update(
        "INSERT INTO audit_events (at, principal, tenant, action, resource, request_id, source,"
            + " outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setLong(1, nanos(event.at()));
          s.setString(2, event.principal());
          s.setString(3, event.tenant());
          s.setString(4, event.action());
          s.setString(5, event.resource());
          s.setString(6, event.requestId());
          s.setString(7, event.source());
          s.setString(8, event.outcome());
        });
  }

  Page<AuditEvent> auditEvents(AuditQuery query, PageRequest page) {
    StringBuilder select =
        new StringBuilder(
            "SELECT seq, at, principal, tenant, action, resource, request_id, source, outcome"
                + " FROM audit_events WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    query
        .principal()
        .ifPresent(
            principal -> {
              select.append(" AND principal = ?");
              values.add(principal);
            });
    query
        .tenant()
        .ifPresent(
            tenant -> {
              select.append(" AND tenant = ?");
              values.add(tenant);
            });
    query
        .since()
        .ifPresent(
            since -> {
              select.append(" AND at >= ?");
              values.add(nanos(since));
            });
    return sql.page(
        select.toString(),
        values,
        page,
        true,
        row ->
            new AuditEvent(
                instant(row.getLong("at")),
                row.getString("principal"),
                row.getString("tenant"),
                row.getString("action"),
                row.getString("resource"),
                row.getString("request_id"),
                row.getString("source"),
                row.getString("outcome")));
  }
}
