-- The operation worker: how many steps of an operation failed in a row (the worker retries with
-- backoff and gives the operation up after the configured number), and an index for the claim,
-- which takes the due operations of each scope in turn.
ALTER TABLE operations ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX operations_scope_due ON operations (scope, next_run_at, seq) WHERE done = 0;
