package dev.junction.store;

import dev.junction.core.network.NetworkChange;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Each router's desired sequence and the change feed it orders. A change to what a router should
 * run advances the router's sequence in one statement ({@code UPDATE ... RETURNING}); the changed
 * subject's row takes the new value ({@code router_seq}), and a deleted subject leaves a removal
 * entry with it. The feed is those rows and entries in sequence order.
 *
 * <p>On PostgreSQL the advance holds the router's sequence row until the transaction ends, so the
 * changes of one router commit in sequence order: whoever reads sequence {@code n} and then the
 * feed sees every change up to {@code n}. So that this lock never closes a cycle of waits, an
 * update or a delete locks the subject's own row before it advances (an insert has no row others
 * could hold), and nothing that holds a router's sequence row waits for a subject row of that
 * router.
 *
 * <p>It remembers the routers it advanced, for the store to announce once the transaction commits.
 */
final class DesiredSequences {
  private final Statements sql;
  private final Set<String> advanced = new LinkedHashSet<>();

  DesiredSequences(Statements sql) {
    this.sql = sql;
  }

  /** Gives router {@code routerId} a desired sequence, at 0, unless it has one. */
  void createIfAbsent(String routerId) {
    sql.update(
        "INSERT INTO router_sequences (router_id, desired_seq) VALUES (?, 0)"
            + " ON CONFLICT (router_id) DO NOTHING",
        s -> s.setString(1, routerId));
  }

  /**
   * Advances router {@code routerId}'s desired sequence and returns the new value.
   *
   * @throws IllegalStateException if the router is not in the catalogue
   */
  long advance(String routerId) {
    long seq =
        sql
            .change(
                "UPDATE router_sequences SET desired_seq = desired_seq + 1 WHERE router_id = ?"
                    + " RETURNING desired_seq",
                s -> s.setString(1, routerId),
                row -> row.getLong(1))
            .stream()
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("router " + routerId + " is not in the catalogue"));
    advanced.add(routerId);
    return seq;
  }

  /**
   * Records that {@code subjectId}, placed on router {@code routerId}, no longer exists: the
   * router's sequence advances and the feed gets a removal entry at the new value.
   */
  void removed(String routerId, String subjectId) {
    long seq = advance(routerId);
    sql.update(
        "INSERT INTO network_removals (router_id, seq, subject_id) VALUES (?, ?, ?)",
        s -> {
          s.setString(1, routerId);
          s.setLong(2, seq);
          s.setString(3, subjectId);
        });
  }

  /** Drops router {@code routerId}'s removal entries up to sequence {@code appliedSeq}. */
  void prune(String routerId, long appliedSeq) {
    sql.update(
        "DELETE FROM network_removals WHERE router_id = ? AND seq <= ?",
        s -> {
          s.setString(1, routerId);
          s.setLong(2, appliedSeq);
        });
  }

  /**
   * Returns up to {@code limit} entries of router {@code routerId}'s feed above sequence {@code
   * since}, in sequence order, in one query.
   */
  List<NetworkChange> changes(String routerId, long since, int limit) {
    return sql.query(
        "SELECT router_seq AS seq, id AS subject_id, 'TRUNK' AS kind FROM trunks"
            + " WHERE router_id = ? AND router_seq > ?"
            + " UNION ALL SELECT router_seq, id, 'ATTACHMENT' FROM attachments"
            + " WHERE router_id = ? AND router_seq > ?"
            + " UNION ALL SELECT seq, subject_id, 'REMOVED' FROM network_removals"
            + " WHERE router_id = ? AND seq > ?"
            + " ORDER BY seq LIMIT ?",
        s -> {
          for (int i = 0; i < 3; i++) {
            s.setString(2 * i + 1, routerId);
            s.setLong(2 * i + 2, since);
          }
          s.setInt(7, limit);
        },
        row ->
            new NetworkChange(
                row.getLong("seq"),
                row.getString("subject_id"),
                NetworkChange.Kind.valueOf(row.getString("kind"))));
  }

  /** Returns the routers whose sequence this transaction advanced, in the order it did. */
  Set<String> advanced() {
    return Collections.unmodifiableSet(advanced);
  }
}
