-- The network: where each trunk and attachment is placed, each router's desired sequence and
-- change feed, who owns each router and what it last reported, what was observed of each subject,
-- injected faults, each router's events, and the credentials of router agents.

-- The catalogue. A port's kernel interface is '' on rows written before this migration, and is
-- read as the default for the port's name; a router announces no prefixes until it is loaded again.
ALTER TABLE ports ADD COLUMN kernel_interface TEXT NOT NULL DEFAULT '';
ALTER TABLE routers ADD COLUMN announced_prefixes TEXT NOT NULL DEFAULT '[]';

-- Placement. A trunk is on the router of its ports (the first by id, should a LAG span two); a
-- trunk without ports on the first router, by id, of its point of presence; an attachment on its
-- trunk's router. NULL: no router could carry it when this migration ran. router_seq is the
-- router's desired sequence at the subject's latest change; existing subjects are numbered
-- 1, 2, ... on each router, trunks first, in the order they were written.
ALTER TABLE trunks ADD COLUMN router_id TEXT, ADD COLUMN router_seq BIGINT NOT NULL DEFAULT 0;
UPDATE trunks SET router_id = COALESCE(
  (SELECT MIN(p.router_id) FROM trunk_ports tp JOIN ports p ON p.id = tp.port_id
    WHERE tp.trunk_id = trunks.id),
  (SELECT MIN(r.id) FROM routers r WHERE r.pop_id = trunks.pop_id));
UPDATE trunks SET router_seq = placed.n
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY router_id ORDER BY seq) AS n
          FROM trunks WHERE router_id IS NOT NULL) AS placed
  WHERE placed.id = trunks.id;
CREATE INDEX trunks_router_seq ON trunks (router_id, router_seq);
CREATE INDEX trunks_router_id ON trunks (router_id, id);

ALTER TABLE attachments ADD COLUMN router_id TEXT, ADD COLUMN router_seq BIGINT NOT NULL DEFAULT 0;
UPDATE attachments SET router_id =
  (SELECT t.router_id FROM trunks t WHERE t.id = attachments.trunk_id);
UPDATE attachments SET router_seq = placed.n
    + (SELECT COUNT(*) FROM trunks t WHERE t.router_id = attachments.router_id)
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY router_id ORDER BY seq) AS n
          FROM attachments WHERE router_id IS NOT NULL) AS placed
  WHERE placed.id = attachments.id;
CREATE INDEX attachments_router_seq ON attachments (router_id, router_seq);
CREATE INDEX attachments_router_id ON attachments (router_id, id);

-- Each router's desired sequence, advanced by every change to what it should run. It is a row of
-- its own, apart from the router's ownership, so that changes (which advance it and hold its row
-- until they commit) never wait for reports (which update the ownership), nor reports for them.
CREATE TABLE router_sequences (
  router_id TEXT PRIMARY KEY REFERENCES routers (id),
  desired_seq BIGINT NOT NULL
);
INSERT INTO router_sequences (router_id, desired_seq)
  SELECT r.id,
         (SELECT COUNT(*) FROM trunks t WHERE t.router_id = r.id)
           + (SELECT COUNT(*) FROM attachments a WHERE a.router_id = r.id)
    FROM routers r;

-- The change feed's entries for subjects that no longer exist, dropped once the router's owner
-- reports it runs their sequence.
CREATE TABLE network_removals (
  router_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  subject_id TEXT NOT NULL,
  PRIMARY KEY (router_id, seq)
);

-- Who drives each router, at which epoch and until when, and what it last reported.
CREATE TABLE router_owners (
  router_id TEXT PRIMARY KEY REFERENCES routers (id),
  owner TEXT,
  epoch BIGINT NOT NULL,
  lease_until BIGINT,
  last_heard_at BIGINT,
  applied_seq BIGINT NOT NULL,
  header_hash TEXT NOT NULL,
  agent TEXT
);
INSERT INTO router_owners (router_id, epoch, applied_seq, header_hash)
  SELECT id, 0, 0, '' FROM routers;

-- Observations die with their subject: each references its trunk or its attachment (exactly one)
-- with ON DELETE CASCADE. Only rows whose subject exists are kept. The BGP session moves into a
-- JSON column, rebuilt from the BGP condition (its reason is the state, its message the last
-- error) and the number of prefixes received. Rows from before any report ordering are at epoch 0,
-- report 0, so the first report replaces them.
ALTER TABLE observations
  ADD COLUMN trunk_id TEXT REFERENCES trunks (id) ON DELETE CASCADE,
  ADD COLUMN attachment_id TEXT REFERENCES attachments (id) ON DELETE CASCADE,
  ADD COLUMN applied_hash TEXT NOT NULL DEFAULT '',
  ADD COLUMN bgp TEXT,
  ADD COLUMN observed_epoch BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN observed_seq BIGINT NOT NULL DEFAULT 0;
UPDATE observations o SET trunk_id = o.subject_id
  WHERE EXISTS (SELECT 1 FROM trunks t WHERE t.id = o.subject_id);
UPDATE observations o SET attachment_id = o.subject_id
  WHERE o.trunk_id IS NULL AND EXISTS (SELECT 1 FROM attachments a WHERE a.id = o.subject_id);
DELETE FROM observations WHERE trunk_id IS NULL AND attachment_id IS NULL;
UPDATE observations o SET bgp = (
  SELECT json_build_object(
           'state', c ->> 'reason',
           'since', (c ->> 'lastTransitionTime')::BIGINT,
           'lastError', c ->> 'message',
           'routesImported', o.prefixes_received,
           'routesExported', 0)::TEXT
    FROM json_array_elements(o.conditions::JSON) c
   WHERE c ->> 'type' = 'BGP_ESTABLISHED'
   LIMIT 1);
ALTER TABLE observations
  DROP COLUMN prefixes_received,
  ALTER COLUMN applied_hash DROP DEFAULT,
  ALTER COLUMN observed_epoch DROP DEFAULT,
  ALTER COLUMN observed_seq DROP DEFAULT,
  ADD CONSTRAINT observations_one_subject CHECK ((trunk_id IS NULL) <> (attachment_id IS NULL)),
  ADD CONSTRAINT observations_subject_id CHECK (subject_id = COALESCE(trunk_id, attachment_id));
CREATE INDEX observations_trunk ON observations (trunk_id);
CREATE INDEX observations_attachment ON observations (attachment_id);

-- Faults the operator injected into simulated routers.
CREATE TABLE network_faults (
  router_id TEXT NOT NULL REFERENCES routers (id),
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (router_id, kind, target)
);

-- What happened on each router; the store keeps the latest 1,000 of each.
CREATE TABLE network_events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  router_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX network_events_router ON network_events (router_id, seq);

-- Credentials of router agents, stored only as SHA-256 digests of their secrets.
CREATE TABLE agent_credentials (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  router_id TEXT NOT NULL REFERENCES routers (id),
  name TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX agent_credentials_router ON agent_credentials (router_id, seq);
