-- A request's idempotency key is claimed first thing in its write transaction, before the resource
-- it creates: the primary key decides which of several concurrent requests with one key does the
-- work. On PostgreSQL the others wait on the key until the first commits, then fail on it and
-- return its operation; on SQLite the single writer runs them one after the other. A claim lives
-- as long as its operation does: operations are never deleted.
CREATE TABLE idempotency_claims (
  created_by TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (created_by, idempotency_key)
);
INSERT INTO idempotency_claims (created_by, idempotency_key, claimed_at)
  SELECT created_by, idempotency_key, created_at FROM operations
   WHERE idempotency_key IS NOT NULL;
