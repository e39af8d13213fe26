-- Nothing outlives its subject, however a delete ends: what belongs to a trunk or an attachment
-- references it with ON DELETE CASCADE, so one transaction deletes the subject and all of it, or
-- nothing (observations do since V5). A trunk's ports are freed with the trunk. A fault injected
-- into an attachment's BGP session (kind SESSION, whose target is the attachment's id) goes with
-- the attachment; faults on links and routers belong to the router. Rows whose subject is
-- already gone are dropped first. SQLite adds a foreign key only by rebuilding the table; nothing
-- references these two tables, so dropping the old ones deletes nothing else.
CREATE TABLE trunk_ports_v7 (
  trunk_id TEXT NOT NULL REFERENCES trunks (id) ON DELETE CASCADE,
  port_id TEXT NOT NULL
);
INSERT INTO trunk_ports_v7 (trunk_id, port_id)
  SELECT tp.trunk_id, tp.port_id FROM trunk_ports tp
   WHERE EXISTS (SELECT 1 FROM trunks t WHERE t.id = tp.trunk_id);
DROP TABLE trunk_ports;
ALTER TABLE trunk_ports_v7 RENAME TO trunk_ports;
CREATE UNIQUE INDEX trunk_ports_port ON trunk_ports (port_id);
CREATE INDEX trunk_ports_trunk ON trunk_ports (trunk_id);

CREATE TABLE network_faults_v7 (
  router_id TEXT NOT NULL REFERENCES routers (id),
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  attachment_id TEXT REFERENCES attachments (id) ON DELETE CASCADE,
  PRIMARY KEY (router_id, kind, target),
  CONSTRAINT network_faults_session_subject
    CHECK (attachment_id IS (CASE WHEN kind = 'SESSION' THEN target END))
);
INSERT INTO network_faults_v7 (router_id, kind, target, reason, attachment_id)
  SELECT f.router_id, f.kind, f.target, f.reason, CASE WHEN f.kind = 'SESSION' THEN f.target END
    FROM network_faults f
   WHERE f.kind <> 'SESSION' OR EXISTS (SELECT 1 FROM attachments a WHERE a.id = f.target);
DROP TABLE network_faults;
ALTER TABLE network_faults_v7 RENAME TO network_faults;
CREATE INDEX network_faults_attachment ON network_faults (attachment_id);
