package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.TicketStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The trunk tickets' rows. */
final class TicketRows {
  private static final String TICKET_COLUMNS =
      "seq, id, scope, status, subject_id, support_ticket_id, trunk_id, spec, created_at,"
          + " updated_at, expires_at";

  private final Statements sql;

  TicketRows(Statements sql) {
    this.sql = sql;
  }

  private static Ticket ticket(ResultSet row) throws SQLException {
    String trunkId = row.getString("trunk_id");
    return new Ticket(
        row.getString("id"),
        row.getString("scope"),
        TicketStatus.valueOf(row.getString("status")),
        row.getString("subject_id"),
        row.getString("support_ticket_id"),
        Optional.ofNullable(trunkId),
        JsonColumns.ticketSpec(row.getString("spec")),
        instant(row.getLong("created_at")),
        instant(row.getLong("updated_at")),
        instant(row.getLong("expires_at")));
  }

  Optional<Ticket> ticket(String id) {
    return sql.queryOne(
        sql.locked("SELECT " + TICKET_COLUMNS + " FROM tickets WHERE id = ?"),
        s -> s.setString(1, id),
        TicketRows::ticket);
  }

  Page<Ticket> tickets(String scope, NameFilter names, PageRequest page) {
    StringBuilder select =
        new StringBuilder("SELECT " + TICKET_COLUMNS + " FROM tickets WHERE scope = ?");
    List<Object> values = new ArrayList<>(List.of(scope));
    // A ticket's name lives in its spec, a JSON column.
    Statements.appendNames(select, values, sql.dialect().jsonText("spec", "name"), names);
    return sql.page(select.toString(), values, page, false, TicketRows::ticket);
  }

  void insertTicket(Ticket ticket) {
    sql.update(
        "INSERT INTO tickets (scope, status, subject_id, support_ticket_id, trunk_id, spec,"
            + " created_at, updated_at, expires_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> bindTicket(s, ticket));
  }

  void updateTicket(Ticket ticket) {
    sql.updateOne(
        "UPDATE tickets SET scope = ?, status = ?, subject_id = ?, support_ticket_id = ?,"
            + " trunk_id = ?, spec = ?, created_at = ?, updated_at = ?, expires_at = ? WHERE id = ?",
        "ticket " + ticket.id(),
        s -> bindTicket(s, ticket));
  }

  private static void bindTicket(PreparedStatement s, Ticket ticket) throws SQLException {
    s.setString(1, ticket.scope());
    s.setString(2, ticket.status().name());
    s.setString(3, ticket.subjectId());
    s.setString(4, ticket.supportTicketId());
    if (ticket.trunkId().isPresent()) {
      s.setString(5, ticket.trunkId().get());
    } else {
      s.setNull(5, Types.VARCHAR);
    }
    s.setString(6, JsonColumns.ticketSpec(ticket.spec()));
    s.setLong(7, nanos(ticket.createdAt()));
    s.setLong(8, nanos(ticket.updatedAt()));
    s.setLong(9, nanos(ticket.expiresAt()));
    s.setString(10, ticket.id());
  }
}
