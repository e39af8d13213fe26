-- Tenants, the scopes they own, their principals, grants and credentials (stored only as
-- SHA-256 digests), and the audit log, which triggers keep append-only.

CREATE TABLE tenants (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE tenant_scopes (
  scope TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id)
);

CREATE TABLE principals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  operator INTEGER NOT NULL,
  global_key_digest TEXT,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX principals_email ON principals (email) WHERE email IS NOT NULL;

CREATE TABLE grants (
  principal_id TEXT NOT NULL REFERENCES principals (id),
  scope TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (principal_id, scope, role)
);

CREATE TABLE api_tokens (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  principal_id TEXT NOT NULL REFERENCES principals (id),
  name TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  principal TEXT NOT NULL,
  tenant TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  request_id TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL
);
CREATE INDEX audit_events_principal ON audit_events (principal, seq);
CREATE INDEX audit_events_tenant ON audit_events (tenant, seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
