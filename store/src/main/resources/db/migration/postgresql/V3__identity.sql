-- Tenants, the scopes they own, their principals, grants and credentials (stored only as
-- SHA-256 digests), and the audit log, which triggers keep append-only.

CREATE TABLE tenants (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE tenant_scopes (
  scope TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id)
);

CREATE TABLE principals (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  operator BIGINT NOT NULL,
  global_key_digest TEXT,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX principals_email ON principals (email) WHERE email IS NOT NULL;

CREATE TABLE grants (
  principal_id TEXT NOT NULL REFERENCES principals (id),
  scope TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (principal_id, scope, role)
);

CREATE TABLE api_tokens (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  principal_id TEXT NOT NULL REFERENCES principals (id),
  name TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);

CREATE TABLE audit_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
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

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
