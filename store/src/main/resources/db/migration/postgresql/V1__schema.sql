-- Junction schema, PostgreSQL. Timestamps are epoch nanoseconds; booleans are 0/1; nested values
-- are JSON text. Every uniqueness rule is an index here, never a check in Java.

CREATE TABLE points_of_presence (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  location_address TEXT NOT NULL,
  connection_points TEXT NOT NULL,
  site TEXT NOT NULL,
  facility_name TEXT NOT NULL,
  facility_address TEXT NOT NULL
);

CREATE TABLE partners (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  pop_ids TEXT NOT NULL,
  up BIGINT NOT NULL
);

CREATE TABLE routers (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  pop_id TEXT NOT NULL,
  name TEXT NOT NULL,
  router_id_address TEXT NOT NULL
);

CREATE TABLE ports (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  pop_id TEXT NOT NULL,
  router_id TEXT NOT NULL,
  speed TEXT NOT NULL,
  bandwidth_mbps BIGINT NOT NULL,
  transceiver TEXT NOT NULL,
  device_name TEXT NOT NULL
);

CREATE TABLE scopes (
  id TEXT PRIMARY KEY
);

CREATE TABLE trunks (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  labels TEXT NOT NULL,
  pop_id TEXT NOT NULL,
  joint TEXT NOT NULL,
  capacity_mbps BIGINT NOT NULL,
  deletion_protection BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revision BIGINT NOT NULL
);
CREATE UNIQUE INDEX trunks_name_in_scope ON trunks (scope, name) WHERE name <> '';
CREATE INDEX trunks_scope ON trunks (scope, seq);
CREATE INDEX trunks_pop ON trunks (pop_id);

CREATE TABLE trunk_ports (
  trunk_id TEXT NOT NULL,
  port_id TEXT NOT NULL
);
CREATE UNIQUE INDEX trunk_ports_port ON trunk_ports (port_id);
CREATE INDEX trunk_ports_trunk ON trunk_ports (trunk_id);

CREATE TABLE attachments (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  labels TEXT NOT NULL,
  trunk_id TEXT NOT NULL,
  vlan BIGINT,
  peering TEXT NOT NULL,
  md5_key TEXT,
  static_routes TEXT NOT NULL,
  public_access TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revision BIGINT NOT NULL
);
CREATE UNIQUE INDEX attachments_name_in_scope ON attachments (kind, scope, name) WHERE name <> '';
CREATE UNIQUE INDEX attachments_vlan_on_trunk ON attachments (trunk_id, vlan) WHERE vlan IS NOT NULL;
CREATE INDEX attachments_scope ON attachments (kind, scope, seq);
CREATE INDEX attachments_trunk ON attachments (trunk_id, seq);

CREATE TABLE tickets (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  status TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  support_ticket_id TEXT NOT NULL,
  trunk_id TEXT,
  spec TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX tickets_scope ON tickets (scope, seq);

CREATE TABLE operations (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  verb TEXT NOT NULL,
  scope TEXT NOT NULL,
  description TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  modified_at BIGINT NOT NULL,
  deadline BIGINT NOT NULL,
  done BIGINT NOT NULL,
  error TEXT,
  response TEXT,
  previous TEXT NOT NULL,
  target_revision BIGINT NOT NULL,
  cancel_requested BIGINT NOT NULL,
  idempotency_key TEXT,
  lease_owner TEXT,
  lease_until BIGINT,
  next_run_at BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX operations_idempotency_key ON operations (created_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX operations_resource ON operations (resource_id, seq);
CREATE INDEX operations_due ON operations (done, next_run_at);

CREATE TABLE observations (
  subject_id TEXT PRIMARY KEY,
  applied_revision BIGINT NOT NULL,
  failed_revision BIGINT NOT NULL,
  failure TEXT NOT NULL,
  conditions TEXT NOT NULL,
  prefixes_received BIGINT NOT NULL,
  observed_at BIGINT NOT NULL
);
