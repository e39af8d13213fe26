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
  sessions BIGINT NOT NULL,
  PRIMARY KEY (router_id, state)
);
INSERT INTO session_counts (router_id, state, sessions)
  SELECT router_id, bgp::json ->> 'state', COUNT(*) FROM observations
  WHERE bgp IS NOT NULL AND router_id IS NOT NULL AND attachment_id IS NOT NULL
  GROUP BY router_id, bgp::json ->> 'state';

CREATE FUNCTION observations_count_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_state TEXT;
  new_state TEXT;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.bgp IS NOT NULL AND OLD.router_id IS NOT NULL
      AND OLD.attachment_id IS NOT NULL THEN
    old_state := OLD.bgp::json ->> 'state';
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.bgp IS NOT NULL AND NEW.router_id IS NOT NULL
      AND NEW.attachment_id IS NOT NULL THEN
    new_state := NEW.bgp::json ->> 'state';
  END IF;
  IF old_state IS NOT DISTINCT FROM new_state THEN
    RETURN NULL;
  END IF;
  IF old_state IS NOT NULL THEN
    UPDATE session_counts SET sessions = sessions - 1
      WHERE router_id = OLD.router_id AND state = old_state;
  END IF;
  IF new_state IS NOT NULL THEN
    INSERT INTO session_counts (router_id, state, sessions) VALUES (NEW.router_id, new_state, 1)
      ON CONFLICT (router_id, state) DO UPDATE SET sessions = session_counts.sessions + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER observations_count_sessions AFTER INSERT OR UPDATE OF bgp OR DELETE ON observations
  FOR EACH ROW EXECUTE FUNCTION observations_count_sessions();
