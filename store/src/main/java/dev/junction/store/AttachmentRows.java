package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attachments' rows: private and public connections and CNIs. Their MD5 keys are sealed with
 * the store's cipher on the way in and opened on the way out. An attachment is placed on its
 * trunk's router and stays there; every change of its revision, and its deletion, advances that
 * router's desired sequence ({@link DesiredSequences}).
 */
final class AttachmentRows {
  /** The columns of an attachment, in the order {@link #attachment(ResultSet)} reads them. */
  private static final String ATTACHMENT_COLUMNS =
      "seq, id, kind, scope, name, description, labels, trunk_id, vlan, peering, md5_key,"
          + " static_routes, public_access, routing, status, created_at, revision";

  private final Statements sql;
  private final SecretCipher cipher;
  private final DesiredSequences sequences;
  private final TrunkRows trunks;

  AttachmentRows(
      Statements sql, SecretCipher cipher, DesiredSequences sequences, TrunkRows trunks) {
    this.sql = sql;
    this.cipher = cipher;
    this.sequences = sequences;
    this.trunks = trunks;
  }

  /**
   * Reads a row of {@link #ATTACHMENT_COLUMNS} by position (a lookup by name scans the names on
   * every call); the JSON columns are decoded through {@link JsonColumns}' memo of their texts.
   */
  private Attachment attachment(ResultSet row) throws SQLException {
    long vlan = row.getLong(9);
    boolean hasVlan = !row.wasNull();
    String key = row.getString(11);
    return new Attachment(
        row.getString(2),
        AttachmentKind.valueOf(row.getString(3)),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        JsonColumns.labels(row.getString(7)),
        row.getString(8),
        hasVlan ? Optional.of(new VlanId((int) vlan)) : Optional.empty(),
        JsonColumns.peering(
            row.getString(10),
            key == null ? Optional.empty() : Optional.of(Md5Key.of(cipher.open(key)))),
        JsonColumns.prefixes(row.getString(12)),
        JsonColumns.publicAccess(row.getString(13)),
        JsonColumns.routing(row.getString(14)),
        ResourceStatus.valueOf(row.getString(15)),
        instant(row.getLong(16)),
        row.getLong(17));
  }

  Optional<Attachment> attachment(String id) {
    return sql.queryOne(
        sql.locked("SELECT " + ATTACHMENT_COLUMNS + " FROM attachments WHERE id = ?"),
        s -> s.setString(1, id),
        this::attachment);
  }

  Page<Attachment> attachments(AttachmentQuery query, PageRequest page) {
    StringBuilder select =
        new StringBuilder("SELECT " + ATTACHMENT_COLUMNS + " FROM attachments WHERE kind = ?");
    List<Object> values = new ArrayList<>(List.of(query.kind().name()));
    query
        .scope()
        .ifPresent(
            scope -> {
              select.append(" AND scope = ?");
              values.add(scope);
            });
    query
        .trunkId()
        .ifPresent(
            trunk -> {
              select.append(" AND trunk_id = ?");
              values.add(trunk);
            });
    Statements.appendNames(select, values, query.names());
    query
        .portId()
        .ifPresent(
            port -> {
              select.append(
                  " AND trunk_id IN (SELECT trunk_id FROM trunk_ports WHERE port_id = ?)");
              values.add(port);
            });
    query
        .id()
        .ifPresent(
            id -> {
              select.append(" AND id = ?");
              values.add(id);
            });
    query
        .scopes()
        .ifPresent(
            scopes -> {
              if (scopes.isEmpty()) {
                select.append(" AND 1 = 0");
                return;
              }
              select
                  .append(" AND scope IN (")
                  .append(Statements.placeholders(scopes.size()))
                  .append(')');
              values.addAll(scopes.stream().sorted().toList());
            });
    return sql.page(select.toString(), values, page, false, this::attachment);
  }

  /**
   * The connections of one kind on one trunk, which a create counts against the trunk's quota in
   * its transaction: one row the database keeps as attachments come and go (V10), rather than a
   * count of the trunk's rows.
   */
  int countAttachments(String trunkId, AttachmentKind kind) {
    return sql.queryOne(
            "SELECT attachments FROM attachment_counts WHERE trunk_id = ? AND kind = ?",
            s -> {
              s.setString(1, trunkId);
              s.setString(2, kind.name());
            },
            row -> row.getInt(1))
        .orElse(0);
  }

  int countAttachments(String trunkId) {
    return sql.count(
        "SELECT COALESCE(SUM(attachments), 0) FROM attachment_counts WHERE trunk_id = ?",
        s -> s.setString(1, trunkId));
  }

  List<Attachment> attachmentsOnTrunks(Collection<String> trunkIds) {
    if (trunkIds.isEmpty()) {
      return List.of();
    }
    List<Object> values = new ArrayList<>(trunkIds);
    return sql.query(
        "SELECT "
            + ATTACHMENT_COLUMNS
            + " FROM attachments WHERE trunk_id IN ("
            + Statements.placeholders(trunkIds.size())
            + ") ORDER BY seq",
        s -> Statements.bindAll(s, values),
        this::attachment);
  }

  Set<Integer> usedVlans(String trunkId) {
    return new HashSet<>(
        sql.query(
            "SELECT vlan FROM attachments WHERE trunk_id = ? AND vlan IS NOT NULL",
            s -> s.setString(1, trunkId),
            row -> row.getInt(1)));
  }

  /**
   * Holds {@code subnet} for this transaction unless another holds it ({@link Dialect#tryHold}):
   * whoever holds a subnet is the only one who may be inserting a CNI with it.
   */
  boolean holdCniSubnet(Ipv4Prefix subnet) {
    sql.requireWritable();
    return sql.onConnection(
        (connection, dialect) ->
            dialect.tryHold(connection, Dialect.HOLD_CNI_SUBNET, subnet.network().toLong()));
  }

  Set<Ipv4Prefix> usedCniSubnets() {
    return new HashSet<>(
        sql.query(
            "SELECT subnet FROM attachments WHERE kind = 'CNI'",
            s -> {},
            row -> Ipv4Prefix.of(row.getString(1))));
  }

  List<Attachment> attachments(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> values = List.copyOf(ids);
    return sql.query(
        "SELECT "
            + ATTACHMENT_COLUMNS
            + " FROM attachments WHERE id IN ("
            + Statements.placeholders(values.size())
            + ")",
        s -> Statements.bindAll(s, values),
        this::attachment);
  }

  List<Attachment> attachmentsOnRouter(String routerId, Optional<String> afterId, int limit) {
    return sql.query(
        "SELECT "
            + ATTACHMENT_COLUMNS
            + " FROM attachments WHERE router_id = ?"
            + (afterId.isPresent() ? " AND id > ?" : "")
            + " ORDER BY id LIMIT ?",
        s -> {
          int i = 1;
          s.setString(i++, routerId);
          if (afterId.isPresent()) {
            s.setString(i++, afterId.get());
          }
          s.setInt(i, limit);
        },
        this::attachment);
  }

  /**
   * Returns, if attachment {@code id} exists, the router it is placed on: empty for one no router
   * could carry when the store was migrated.
   */
  Optional<Optional<String>> placement(String id) {
    return sql.queryOne(
        "SELECT router_id FROM attachments WHERE id = ?",
        s -> s.setString(1, id),
        row -> Optional.ofNullable(row.getString(1)));
  }

  /**
   * Inserts {@code attachment} on its trunk's router, at the router's next desired sequence. If it
   * breaks a uniqueness rule, the insert and the advance of the sequence are undone, and the
   * transaction goes on.
   *
   * @throws IllegalStateException if its trunk does not exist
   */
  void insertAttachment(Attachment attachment) {
    sql.undoingOnlyThisOnConflict(() -> insert(attachment));
  }

  private void insert(Attachment attachment) {
    Optional<String> router =
        trunks
            .placement(attachment.trunkId())
            .orElseThrow(
                () ->
                    new IllegalStateException("trunk " + attachment.trunkId() + " does not exist"));
    long seq = router.map(sequences::advance).orElse(0L);
    sql.update(
        "INSERT INTO attachments (id, kind, scope, name, description, labels, trunk_id, vlan,"
            + " peering, md5_key, static_routes, public_access, routing, subnet, status,"
            + " created_at, revision, router_id, router_seq)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, attachment.id());
          int next = bindAttachment(s, attachment, 2);
          s.setString(next++, router.orElse(null));
          s.setLong(next, seq);
        });
  }

  /** Binds every field but the id from parameter {@code first}; returns the next parameter. */
  private int bindAttachment(PreparedStatement s, Attachment attachment, int first)
      throws SQLException {
    int i = first;
    s.setString(i++, attachment.kind().name());
    s.setString(i++, attachment.scope());
    s.setString(i++, attachment.name());
    s.setString(i++, attachment.description());
    s.setString(i++, JsonColumns.labels(attachment.labels()));
    s.setString(i++, attachment.trunkId());
    if (attachment.vlan().isPresent()) {
      s.setLong(i++, attachment.vlan().get().value());
    } else {
      s.setNull(i++, Types.BIGINT);
    }
    s.setString(i++, JsonColumns.peering(attachment.peering()));
    Optional<Md5Key> key = attachment.peering().md5Key();
    if (key.isPresent()) {
      s.setString(i++, cipher.seal(key.get().reveal()));
    } else {
      s.setNull(i++, Types.VARCHAR);
    }
    s.setString(i++, JsonColumns.prefixes(attachment.staticRoutes()));
    s.setString(i++, JsonColumns.publicAccess(attachment.publicAccess()));
    s.setString(i++, JsonColumns.routing(attachment.routing()));
    s.setString(i++, attachment.peering().subnet().toString());
    s.setString(i++, attachment.status().name());
    s.setLong(i++, nanos(attachment.createdAt()));
    s.setLong(i++, attachment.revision());
    return i;
  }

  /**
   * Saves {@code attachment}. A new revision advances its router's desired sequence; a change of
   * status or scope alone (the same revision) does not, since the router runs the same thing.
   */
  void updateAttachment(Attachment attachment) {
    Placed placed =
        sql.queryOne(
                "SELECT revision, router_id, router_seq FROM attachments WHERE id = ?"
                    + sql.dialect().lockRowsForChange(),
                s -> s.setString(1, attachment.id()),
                Placed::of)
            .orElseThrow(
                () ->
                    new IllegalStateException("attachment " + attachment.id() + " does not exist"));
    long seq = placed.seqAfter(attachment.revision(), sequences);
    sql.updateOne(
        "UPDATE attachments SET kind = ?, scope = ?, name = ?, description = ?, labels = ?,"
            + " trunk_id = ?, vlan = ?, peering = ?, md5_key = ?, static_routes = ?,"
            + " public_access = ?, routing = ?, subnet = ?, status = ?, created_at = ?,"
            + " revision = ?, router_seq = ? WHERE id = ?",
        "attachment " + attachment.id(),
        s -> {
          int next = bindAttachment(s, attachment, 1);
          s.setLong(next++, seq);
          s.setString(next, attachment.id());
        });
  }

  void setStatus(String id, ResourceStatus status) {
    sql.updateOne(
        "UPDATE attachments SET status = ? WHERE id = ?",
        "attachment " + id,
        s -> {
          s.setString(1, status.name());
          s.setString(2, id);
        });
  }

  /**
   * Deletes an attachment; its observation goes with it (a foreign key), and its router's feed gets
   * a removal entry.
   */
  void deleteAttachment(String id) {
    Optional<String> router =
        sql
            .change(
                "DELETE FROM attachments WHERE id = ? RETURNING router_id",
                s -> s.setString(1, id),
                row -> Optional.ofNullable(row.getString(1)))
            .stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("attachment " + id + " does not exist"));
    router.ifPresent(routerId -> sequences.removed(routerId, id));
  }

  /** Seals again, with the current key, every MD5 key sealed with another; returns how many. */
  int rewrapKeys() {
    int changed = 0;
    List<String[]> keys =
        sql.query(
            "SELECT id, md5_key FROM attachments WHERE md5_key IS NOT NULL",
            s -> {},
            row -> new String[] {row.getString(1), row.getString(2)});
    for (String[] row : keys) {
      if (cipher.isStale(row[1])) {
        String sealed = cipher.seal(cipher.open(row[1]));
        changed +=
            sql.update(
                "UPDATE attachments SET md5_key = ? WHERE id = ?",
                s -> {
                  s.setString(1, sealed);
                  s.setString(2, row[0]);
                });
      }
    }
    return changed;
  }
}
