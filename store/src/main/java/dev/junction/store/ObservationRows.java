package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.network.NetworkSubject;
import dev.junction.core.network.Observation;
import dev.junction.core.resource.ResourceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The observations' rows: what the network last reported about each trunk and attachment. Each row
 * references its subject with a foreign key that deletes it with the subject, and remembers which
 * report wrote it (the owner's epoch and the report's sequence), so that a late report never
 * replaces a newer one.
 */
final class ObservationRows {
  private static final String OBSERVATION_COLUMNS =
      "subject_id, applied_revision, applied_hash, failed_revision, failure, conditions, bgp,"
          + " observed_at";

  private final Statements sql;

  ObservationRows(Statements sql) {
    this.sql = sql;
  }

  private static Observation observation(ResultSet row) throws SQLException {
    String bgp = row.getString("bgp");
    return new Observation(
        row.getString("subject_id"),
        row.getLong("applied_revision"),
        row.getString("applied_hash"),
        row.getLong("failed_revision"),
        row.getString("failure"),
        JsonColumns.conditions(row.getString("conditions")),
        bgp == null ? Optional.empty() : Optional.of(JsonColumns.bgp(bgp)),
        instant(row.getLong("observed_at")));
  }

  Optional<Observation> observation(String subjectId) {
    return sql.queryOne(
        "SELECT " + OBSERVATION_COLUMNS + " FROM observations WHERE subject_id = ?",
        s -> s.setString(1, subjectId),
        ObservationRows::observation);
  }

  /**
   * Counts the attachments' sessions by router and reported state (see ReadTx#sessionCounts): the
   * counts the database keeps as observations change (V9), a few rows per router.
   */
  Map<String, Map<String, Integer>> sessionCounts() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    sql.query(
        "SELECT router_id, state, sessions FROM session_counts WHERE sessions > 0",
        s -> {},
        row -> {
          counts
              .computeIfAbsent(row.getString(1), router -> new TreeMap<>())
              .put(row.getString(2), row.getInt(3));
          return null;
        });
    return counts;
  }

  List<Observation> observations(Collection<String> subjectIds) {
    if (subjectIds.isEmpty()) {
      return List.of();
    }
    List<String> values = List.copyOf(subjectIds);
    return sql.query(
        "SELECT "
            + OBSERVATION_COLUMNS
            + " FROM observations WHERE subject_id IN ("
            + Statements.placeholders(values.size())
            + ")",
        s -> Statements.bindAll(s, values),
        ObservationRows::observation);
  }

  /**
   * Returns the trunk or attachment {@code id} as a report needs it, if it exists: one row read,
   * locked until the end of a write transaction ({@link Dialect#lockRows}), as a read of the whole
   * resource there is.
   */
  Optional<NetworkSubject> subject(String id) {
    return subject(NetworkSubject.Kind.ATTACHMENT, "attachments", id)
        .or(() -> subject(NetworkSubject.Kind.TRUNK, "trunks", id));
  }

  private Optional<NetworkSubject> subject(NetworkSubject.Kind kind, String table, String id) {
    return sql.queryOne(
        sql.locked("SELECT router_id, revision, status FROM " + table + " WHERE id = ?"),
        s -> s.setString(1, id),
        row ->
            new NetworkSubject(
                id,
                kind,
                Optional.ofNullable(row.getString(1)),
                row.getLong(2),
                ResourceStatus.valueOf(row.getString(3)) == ResourceStatus.DELETING));
  }

  /**
   * Saves {@code observation} of {@code subject} from report {@code reportSeq} of the owner at
   * {@code epoch}, unless the stored one came from a later report; returns whether it saved.
   *
   * <p>The subject is read in this transaction with {@link #subject}, which locked its row: a
   * delete that committed before left nothing to read, and one that comes after waits for this
   * transaction and then deletes the observation with its subject. The upsert replaces a stored row
   * only if its (epoch, report) is not after this one's, so a retried report writes the same row
   * again and a late one nothing.
   */
  boolean save(NetworkSubject subject, Observation observation, long epoch, long reportSeq) {
    sql.requireWritable();
    String id = observation.subjectId();
    if (!subject.id().equals(id)) {
      throw new IllegalArgumentException(
          "an observation of " + id + " saved as one of " + subject.id());
    }
    // An attachment's router is kept on its observation, for the session counts (V9).
    Optional<String> router =
        subject.kind() == NetworkSubject.Kind.ATTACHMENT ? subject.routerId() : Optional.empty();
    return sql.update(
            "INSERT INTO observations (subject_id, trunk_id, attachment_id, applied_revision,"
                + " applied_hash, failed_revision, failure, conditions, bgp, observed_at,"
                + " observed_epoch, observed_seq, router_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (subject_id) DO UPDATE SET"
                + " applied_revision = excluded.applied_revision,"
                + " applied_hash = excluded.applied_hash,"
                + " failed_revision = excluded.failed_revision, failure = excluded.failure,"
                + " conditions = excluded.conditions, bgp = excluded.bgp,"
                + " observed_at = excluded.observed_at, observed_epoch = excluded.observed_epoch,"
                + " observed_seq = excluded.observed_seq"
                + " WHERE (observations.observed_epoch, observations.observed_seq)"
                + " <= (excluded.observed_epoch, excluded.observed_seq)",
            s -> {
              s.setString(1, id);
              if (subject.kind() == NetworkSubject.Kind.TRUNK) {
                s.setString(2, id);
                s.setNull(3, Types.VARCHAR);
              } else {
                s.setNull(2, Types.VARCHAR);
                s.setString(3, id);
              }
              s.setLong(4, observation.appliedRevision());
              s.setString(5, observation.appliedHash());
              s.setLong(6, observation.failedRevision());
              s.setString(7, observation.failure());
              s.setString(8, JsonColumns.conditions(observation.conditions()));
              if (observation.bgp().isPresent()) {
                s.setString(9, JsonColumns.bgp(observation.bgp().get()));
              } else {
                s.setNull(9, Types.VARCHAR);
              }
              s.setLong(10, nanos(observation.observedAt()));
              s.setLong(11, epoch);
              s.setLong(12, reportSeq);
              if (router.isPresent()) {
                s.setString(13, router.get());
              } else {
                s.setNull(13, Types.VARCHAR);
              }
            })
        == 1;
  }
}
