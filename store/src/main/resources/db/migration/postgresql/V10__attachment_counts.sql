-- The attachments on each trunk, counted by kind and kept as attachments come and go, for the
-- trunk's quota that a create checks inside its transaction. Counted from the attachments
-- themselves, that check visited every row on the trunk (the kind is in the row, and rows this
-- recent are not yet marked visible to an index-only scan): PostgreSQL's own CPU a create grew
-- with the trunks (docs/performance.md, "P2: the quota count that grew with the trunk"). The
-- counter's row lock adds no wait of its own: creates on one trunk already take their router's.
CREATE TABLE attachment_counts (
  trunk_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  attachments BIGINT NOT NULL,
  PRIMARY KEY (trunk_id, kind)
);
INSERT INTO attachment_counts (trunk_id, kind, attachments)
  SELECT trunk_id, kind, COUNT(*) FROM attachments GROUP BY trunk_id, kind;

CREATE FUNCTION attachments_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.trunk_id IS NOT DISTINCT FROM NEW.trunk_id
      AND OLD.kind IS NOT DISTINCT FROM NEW.kind THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE attachment_counts SET attachments = attachments - 1
      WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind;
    DELETE FROM attachment_counts
      WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind AND attachments = 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO attachment_counts (trunk_id, kind, attachments) VALUES (NEW.trunk_id, NEW.kind, 1)
      ON CONFLICT (trunk_id, kind) DO UPDATE SET attachments = attachment_counts.attachments + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER attachments_count AFTER INSERT OR UPDATE OF trunk_id, kind OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION attachments_count();
