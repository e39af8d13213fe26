package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.operation.DueOperation;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.LeaseLost;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operations' rows and their leases: a worker claims due operations in one step (the {@link
 * Dialect} decides how), renews them, and saves them only while it holds them.
 */
final class OperationRows {
  private static final String OPERATION_COLUMNS =
      "seq, id, resource_type, resource_id, verb, scope, description, created_by, created_at,"
          + " modified_at, deadline, done, error, response, previous, target_revision,"
          + " cancel_requested, idempotency_key";

  /**
   * Saves what changes in an operation's life ({@link Operation#succeeded}, {@link
   * Operation#failed}, {@link Operation#cancelling}); the rest is fixed when it is inserted.
   * Setting only these leaves the indexes on the fixed columns (resource, scope, idempotency key)
   * alone: on SQLite a column in the statement has its index entries rewritten even when its value
   * is the same, and the previous state is not sealed again for nothing.
   */
  private static final String SAVE_PROGRESS =
      "UPDATE operations SET modified_at = ?, done = ?, error = ?, response = ?,"
          + " cancel_requested = ?";

  private final Statements sql;
  private final SecretCipher cipher;

  OperationRows(Statements sql, SecretCipher cipher) {
    this.sql = sql;
    this.cipher = cipher;
  }

  private Operation operation(ResultSet row) throws SQLException {
    String error = row.getString("error");
    String response = row.getString("response");
    return new Operation(
        row.getString("id"),
        ResourceType.valueOf(row.getString("resource_type")),
        row.getString("resource_id"),
        OperationVerb.valueOf(row.getString("verb")),
        row.getString("scope"),
        row.getString("description"),
        row.getString("created_by"),
        instant(row.getLong("created_at")),
        instant(row.getLong("modified_at")),
        instant(row.getLong("deadline")),
        row.getLong("done") != 0,
        error == null ? Optional.empty() : Optional.of(JsonColumns.problem(error)),
        response == null
            ? Optional.empty()
            : Optional.of(JsonColumns.resourceState(response, cipher)),
        JsonColumns.resourceState(row.getString("previous"), cipher),
        row.getLong("target_revision"),
        row.getLong("cancel_requested") != 0,
        Optional.ofNullable(row.getString("idempotency_key")));
  }

  Optional<Operation> operation(String id) {
    return sql.queryOne(
        sql.locked("SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = ?"),
        s -> s.setString(1, id),
        this::operation);
  }

  Page<Operation> operationsOf(String resourceId, PageRequest page) {
    return sql.page(
        "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE resource_id = ?",
        List.of(resourceId),
        page,
        true,
        this::operation);
  }

  Optional<Operation> operationByIdempotencyKey(String principal, String key) {
    return sql.queryOne(
        "SELECT "
            + OPERATION_COLUMNS
            + " FROM operations WHERE created_by = ? AND idempotency_key = ?",
        s -> {
          s.setString(1, principal);
          s.setString(2, key);
        },
        this::operation);
  }

  int countUnfinished() {
    return sql.query("SELECT COUNT(*) FROM operations WHERE done = 0", s -> {}, r -> r.getInt(1))
        .get(0);
  }

  List<Operation> unfinishedOperations(int limit) {
    return sql.query(
        "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE done = 0 ORDER BY seq LIMIT ?",
        s -> s.setInt(1, limit),
        this::operation);
  }

  List<Operation> failedOperations(Optional<Set<String>> scopes, int limit) {
    if (scopes.isPresent() && scopes.get().isEmpty()) {
      return List.of();
    }
    List<String> within = scopes.map(List::copyOf).orElse(List.of());
    String inScopes =
        within.isEmpty()
            ? ""
            : " AND scope IN (" + String.join(", ", Collections.nCopies(within.size(), "?")) + ")";
    return sql.query(
        "SELECT "
            + OPERATION_COLUMNS
            + " FROM operations WHERE done = 1 AND error IS NOT NULL"
            + inScopes
            + " ORDER BY seq DESC LIMIT ?",
        s -> {
          int i = 1;
          for (String scope : within) {
            s.setString(i++, scope);
          }
          s.setInt(i, limit);
        },
        this::operation);
  }

  void claimIdempotencyKey(String principal, String key, Instant at) {
    sql.update(
        "INSERT INTO idempotency_claims (created_by, idempotency_key, claimed_at) VALUES (?, ?, ?)",
        s -> {
          s.setString(1, principal);
          s.setString(2, key);
          s.setLong(3, nanos(at));
        });
  }

  void insertOperation(Operation operation) {
    sql.update(
        "INSERT INTO operations (resource_type, resource_id, verb, scope, description, created_by,"
            + " created_at, modified_at, deadline, done, error, response, previous,"
            + " target_revision, cancel_requested, idempotency_key, id, next_run_at, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        s -> {
          int next = bindOperation(s, operation);
          s.setLong(next, nanos(operation.createdAt()));
        });
  }

  /** Binds every field of {@code operation} from parameter 1, the id last; returns the next. */
  private int bindOperation(PreparedStatement s, Operation operation) throws SQLException {
    s.setString(1, operation.resourceType().name());
    s.setString(2, operation.resourceId());
    s.setString(3, operation.verb().name());
    s.setString(4, operation.scope());
    s.setString(5, operation.description());
    s.setString(6, operation.createdBy());
    s.setLong(7, nanos(operation.createdAt()));
    s.setLong(8, nanos(operation.modifiedAt()));
    s.setLong(9, nanos(operation.deadline()));
    s.setLong(10, operation.done() ? 1 : 0);
    bindOutcome(s, 11, operation);
    s.setString(13, JsonColumns.resourceState(operation.previous(), cipher));
    s.setLong(14, operation.targetRevision());
    s.setLong(15, operation.cancelRequested() ? 1 : 0);
    if (operation.idempotencyKey().isPresent()) {
      s.setString(16, operation.idempotencyKey().get());
    } else {
      s.setNull(16, Types.VARCHAR);
    }
    s.setString(17, operation.id());
    return 18;
  }

  /** Binds the parameters of {@link #SAVE_PROGRESS} and the id after it; returns the next index. */
  private int bindProgress(PreparedStatement s, Operation operation) throws SQLException {
    s.setLong(1, nanos(operation.modifiedAt()));
    s.setLong(2, operation.done() ? 1 : 0);
    bindOutcome(s, 3, operation);
    s.setLong(5, operation.cancelRequested() ? 1 : 0);
    s.setString(6, operation.id());
    return 7;
  }

  /** Binds {@code operation}'s error at parameter {@code at} and its response at the next. */
  private void bindOutcome(PreparedStatement s, int at, Operation operation) throws SQLException {
    if (operation.error().isPresent()) {
      s.setString(at, JsonColumns.problem(operation.error().get()));
    } else {
      s.setNull(at, Types.VARCHAR);
    }
    if (operation.response().isPresent()) {
      s.setString(at + 1, JsonColumns.resourceState(operation.response().get(), cipher));
    } else {
      s.setNull(at + 1, Types.VARCHAR);
    }
  }

  void updateOperation(Operation operation) {
    sql.updateOne(
        SAVE_PROGRESS + ", version = version + 1 WHERE id = ?",
        "operation " + operation.id(),
        s -> bindProgress(s, operation));
  }

  List<Operation> claimOperations(String workerId, Instant now, Instant leaseUntil, int limit) {
    sql.requireWritable();
    List<String> ids =
        sql.onConnection(
            (connection, dialect) ->
                dialect.claim(connection, workerId, nanos(now), nanos(leaseUntil), limit));
    List<Operation> claimed = new ArrayList<>();
    for (String id : ids) {
      sql.queryOne(
              "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = ?",
              s -> s.setString(1, id),
              this::operation)
          .ifPresent(claimed::add);
    }
    return claimed;
  }

  /**
   * Returns the operations due at {@code now} and free to claim, in claim order; reads only. See
   * {@link Dialect#FAIR_ORDER}.
   */
  List<DueOperation> due(Instant now, int limit) {
    return sql.query(
        "SELECT id, resource_type FROM ("
            + Dialect.FAIR_ORDER
            + ") ranked ORDER BY turn, next_run_at, seq LIMIT ?",
        s -> {
          s.setLong(1, nanos(now));
          s.setLong(2, nanos(now));
          s.setInt(3, limit);
        },
        row -> new DueOperation(row.getString(1), ResourceType.valueOf(row.getString(2))));
  }

  /**
   * Leases operation {@code id} to {@code workerId} if it is claimable now, in one conditional
   * update (where transactions run concurrently, the row is locked by the update, and one held by
   * another claim is skipped rather than waited for), and returns it as the update left it ({@code
   * RETURNING}, no second read); empty if nothing was claimed.
   */
  Optional<Operation> claimOperation(String id, String workerId, Instant now, Instant leaseUntil) {
    List<Operation> claimed =
        sql.change(
            "UPDATE operations SET lease_owner = ?, lease_until = ?, version = version + 1"
                + " WHERE id = (SELECT id FROM operations WHERE id = ? AND done = 0"
                + " AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
                + sql.dialect().lockRowsSkippingLocked()
                + ") RETURNING "
                + OPERATION_COLUMNS,
            s -> {
              s.setString(1, workerId);
              s.setLong(2, nanos(leaseUntil));
              s.setString(3, id);
              s.setLong(4, nanos(now));
              s.setLong(5, nanos(now));
            },
            this::operation);
    return claimed.stream().findFirst();
  }

  Operation checkLease(String operationId, String workerId) {
    // Not locked: the step's last write is fenced by the lease instead (see WriteTx#checkLease).
    Optional<Operation> held =
        sql.queryOne(
            "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = ? AND lease_owner = ?",
            s -> {
              s.setString(1, operationId);
              s.setString(2, workerId);
            },
            this::operation);
    return held.orElseThrow(() -> new LeaseLost(operationId, workerId));
  }

  void renewLeases(List<String> operationIds, String workerId, Instant leaseUntil) {
    for (String id : operationIds) {
      sql.update(
          "UPDATE operations SET lease_until = ? WHERE id = ? AND lease_owner = ? AND done = 0",
          s -> {
            s.setLong(1, nanos(leaseUntil));
            s.setString(2, id);
            s.setString(3, workerId);
          });
    }
  }

  void releaseOperation(String operationId, String workerId, Instant nextRunAt) {
    retryOperation(operationId, workerId, 0, nextRunAt);
  }

  void retryOperation(String operationId, String workerId, int attempts, Instant nextRunAt) {
    int updated =
        sql.update(
            "UPDATE operations SET lease_owner = NULL, lease_until = NULL, next_run_at = ?,"
                + " attempts = ?, version = version + 1 WHERE id = ? AND lease_owner = ?",
            s -> {
              s.setLong(1, nanos(nextRunAt));
              s.setInt(2, attempts);
              s.setString(3, operationId);
              s.setString(4, workerId);
            });
    if (updated != 1) {
      throw new LeaseLost(operationId, workerId);
    }
  }

  int attempts(String operationId) {
    return sql.count(
        "SELECT attempts FROM operations WHERE id = ?", s -> s.setString(1, operationId));
  }

  /**
   * Returns when the first unfinished operation may be claimed: at its next run, or just after its
   * lease expires if that is later.
   */
  Optional<Instant> nextDue() {
    return sql.queryOne(
            "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until >= next_run_at"
                + " THEN lease_until + 1 ELSE next_run_at END) FROM operations WHERE done = 0",
            s -> {},
            row -> {
              long at = row.getLong(1);
              return row.wasNull() ? Optional.<Instant>empty() : Optional.of(instant(at));
            })
        .flatMap(at -> at);
  }

  /** Makes the waiting operations of {@code resourceId} due; returns how many it changed. */
  int makeDue(String resourceId, Instant now) {
    return sql.update(
        "UPDATE operations SET next_run_at = ? WHERE resource_id = ? AND done = 0"
            + " AND next_run_at > ?",
        s -> {
          s.setLong(1, nanos(now));
          s.setString(2, resourceId);
          s.setLong(3, nanos(now));
        });
  }

  void completeOperation(Operation operation, String workerId) {
    if (!operation.done()) {
      throw new IllegalArgumentException("operation " + operation.id() + " is not done");
    }
    int updated =
        sql.update(
            SAVE_PROGRESS
                + ", lease_owner = NULL, lease_until = NULL, version = version + 1"
                + " WHERE id = ? AND lease_owner = ?",
            s -> {
              int next = bindProgress(s, operation);
              s.setString(next, workerId);
            });
    if (updated != 1) {
      throw new LeaseLost(operation.id(), workerId);
    }
  }

  /**
   * Seals again, with the current key, the MD5 keys inside operations' saved resource states;
   * returns how many operations changed.
   */
  int rewrapKeys() {
    int changed = 0;
    List<String> ids =
        sql.query(
            "SELECT id FROM operations WHERE previous LIKE '%md5Key%' OR response LIKE '%md5Key%'",
            s -> {}, row -> row.getString(1));
    for (String id : ids) {
      Operation operation = operation(id).orElseThrow();
      changed +=
          sql.update(
              "UPDATE operations SET previous = ?, response = ? WHERE id = ?",
              s -> {
                s.setString(1, JsonColumns.resourceState(operation.previous(), cipher));
                s.setString(
                    2,
                    operation
                        .response()
                        .map(r -> JsonColumns.resourceState(r, cipher))
                        .orElse(null));
                s.setString(3, id);
              });
    }
    return changed;
  }
}
