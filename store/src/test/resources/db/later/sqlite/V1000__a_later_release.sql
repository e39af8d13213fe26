-- A migration of a release after this one, for FreshSchemaTest: Flyway must apply it alike to a
-- schema made fresh and to one migrated step by step.
CREATE TABLE later_release (id TEXT PRIMARY KEY, trunk_id TEXT REFERENCES trunks (id));
ALTER TABLE attachments ADD COLUMN later_note TEXT;
