-- The attachments' BGP sessions counted by router and reported state, kept as observations change,
-- so that /metrics reads a few rows per router instead of every observation (a scan that cost
-- seconds at a million connections). Each observation remembers its attachment's router (fixed at
-- placement), so a count still finds its row when the observation goes with its attachment.
ALTER TABLE observations ADD COLUMN router_id TEXT;
UPDATE observations SET router_id = (
  SELECT a.router_id FROM attachments a WHERE a.id = observations.attachment_id
) WHERE attachment_id IS NOT NULL;

CREATE TABLE session_counts (
  router_id TEXT NOT NULL,
  state TEXT NOT NULL,
  sessions INTEGER NOT NULL,
  PRIMARY KEY (router_id, state)
);
INSERT INTO session_counts (router_id, state, sessions)
  SELECT router_id, json_extract(bgp, '$.state'), COUNT(*) FROM observations
  WHERE bgp IS NOT NULL AND router_id IS NOT NULL AND attachment_id IS NOT NULL
  GROUP BY router_id, json_extract(bgp, '$.state');

CREATE TRIGGER observations_count_insert AFTER INSERT ON observations
WHEN NEW.bgp IS NOT NULL AND NEW.router_id IS NOT NULL AND NEW.attachment_id IS NOT NULL
BEGIN
  INSERT INTO session_counts (router_id, state, sessions)
    VALUES (NEW.router_id, json_extract(NEW.bgp, '$.state'), 1)
    ON CONFLICT (router_id, state) DO UPDATE SET sessions = sessions + 1;
END;

CREATE TRIGGER observations_count_update AFTER UPDATE OF bgp ON observations
WHEN NEW.router_id IS NOT NULL AND NEW.attachment_id IS NOT NULL
  AND json_extract(OLD.bgp, '$.state') IS NOT json_extract(NEW.bgp, '$.state')
BEGIN
  UPDATE session_counts SET sessions = sessions - 1
    WHERE OLD.bgp IS NOT NULL AND router_id = OLD.router_id
      AND state = json_extract(OLD.bgp, '$.state');
  INSERT INTO session_counts (router_id, state, sessions)
    SELECT NEW.router_id, json_extract(NEW.bgp, '$.state'), 1 WHERE NEW.bgp IS NOT NULL
    ON CONFLICT (router_id, state) DO UPDATE SET sessions = sessions + 1;
END;

CREATE TRIGGER observations_count_delete AFTER DELETE ON observations
WHEN OLD.bgp IS NOT NULL AND OLD.router_id IS NOT NULL AND OLD.attachment_id IS NOT NULL
BEGIN
  UPDATE session_counts SET sessions = sessions - 1
    WHERE router_id = OLD.router_id AND state = json_extract(OLD.bgp, '$.state');
END;
