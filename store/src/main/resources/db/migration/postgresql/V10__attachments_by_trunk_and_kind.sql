-- A create counts the connections of its kind already on the trunk, against the trunk's quota,
-- inside the one transaction that writes. With only (trunk_id, seq) to go by, that count read every
-- such row of the table itself, to see its kind: hundreds of pages a create once trunks carried
-- hundreds of connections, and creates slowed as the store grew (docs/performance.md, "P2: the
-- quota count that grew with the trunk"). Counted here, it reads only this index's entries.
CREATE INDEX attachments_trunk_kind ON attachments (trunk_id, kind);
