-- Nothing outlives its subject, however a delete ends: what belongs to a trunk or an attachment
-- references it with ON DELETE CASCADE, so one transaction deletes the subject and all of it, or
-- nothing (observations do since V5). A trunk's ports are freed with the trunk. A fault injected
-- into an attachment's BGP session (kind SESSION, whose target is the attachment's id) goes with
-- the attachment; faults on links and routers belong to the router. Rows whose subject is
-- already gone are dropped first.
DELETE FROM trunk_ports tp WHERE NOT EXISTS (SELECT 1 FROM trunks t WHERE t.id = tp.trunk_id);
ALTER TABLE trunk_ports
  ADD CONSTRAINT trunk_ports_trunk FOREIGN KEY (trunk_id) REFERENCES trunks (id) ON DELETE CASCADE;

DELETE FROM network_faults f
 WHERE f.kind = 'SESSION' AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = f.target);
ALTER TABLE network_faults ADD COLUMN attachment_id TEXT REFERENCES attachments (id) ON DELETE CASCADE;
UPDATE network_faults SET attachment_id = target WHERE kind = 'SESSION';
ALTER TABLE network_faults ADD CONSTRAINT network_faults_session_subject
  CHECK (attachment_id IS NOT DISTINCT FROM (CASE WHEN kind = 'SESSION' THEN target END));
CREATE INDEX network_faults_attachment ON network_faults (attachment_id);
