-- The attachments on each trunk, counted by kind and kept as attachments come and go, for the
-- trunk's quota that a create checks inside the one transaction that writes. Counted from the
-- attachments themselves, that check read every row on the trunk (only (trunk_id, seq) to go by,
-- and the kind in the row): hundreds of pages a create once trunks carried hundreds of connections,
-- and creates slowed as the store grew (docs/performance.md, "P2: the quota count that grew with the
-- trunk").
CREATE TABLE attachment_counts (
  trunk_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  attachments INTEGER NOT NULL,
  PRIMARY KEY (trunk_id, kind)
);
INSERT INTO attachment_counts (trunk_id, kind, attachments)
  SELECT trunk_id, kind, COUNT(*) FROM attachments GROUP BY trunk_id, kind;

CREATE TRIGGER attachments_count_insert AFTER INSERT ON attachments
BEGIN
  INSERT INTO attachment_counts (trunk_id, kind, attachments) VALUES (NEW.trunk_id, NEW.kind, 1)
    ON CONFLICT (trunk_id, kind) DO UPDATE SET attachments = attachments + 1;
END;

CREATE TRIGGER attachments_count_update AFTER UPDATE OF trunk_id, kind ON attachments
WHEN OLD.trunk_id IS NOT NEW.trunk_id OR OLD.kind IS NOT NEW.kind
BEGIN
  UPDATE attachment_counts SET attachments = attachments - 1
    WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind;
  DELETE FROM attachment_counts
    WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind AND attachments = 0;
  INSERT INTO attachment_counts (trunk_id, kind, attachments) VALUES (NEW.trunk_id, NEW.kind, 1)
    ON CONFLICT (trunk_id, kind) DO UPDATE SET attachments = attachments + 1;
END;

CREATE TRIGGER attachments_count_delete AFTER DELETE ON attachments
BEGIN
  UPDATE attachment_counts SET attachments = attachments - 1
    WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind;
  DELETE FROM attachment_counts
    WHERE trunk_id = OLD.trunk_id AND kind = OLD.kind AND attachments = 0;
END;
