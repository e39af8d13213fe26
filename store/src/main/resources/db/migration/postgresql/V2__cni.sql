-- CNIs: routing of every attachment, the point-to-point subnet as a column so that the pool's
-- uniqueness is an index, one CNI per trunk, the kind of a trunk's joint for queries, and the
-- settings a scope chooses.

ALTER TABLE attachments ADD COLUMN routing TEXT NOT NULL
  DEFAULT '{"mtu":8910,"advertisedPrefixes":[],"acceptsRoutes":true}';
UPDATE attachments SET routing = '{"mtu":1500,"advertisedPrefixes":[],"acceptsRoutes":true}'
  WHERE kind = 'PUBLIC';
ALTER TABLE attachments ADD COLUMN subnet TEXT NOT NULL DEFAULT '';
UPDATE attachments SET subnet = peering::json ->> 'subnet';
CREATE UNIQUE INDEX attachments_cni_on_trunk ON attachments (trunk_id) WHERE kind = 'CNI';
CREATE UNIQUE INDEX attachments_cni_subnet ON attachments (subnet) WHERE kind = 'CNI';

ALTER TABLE trunks ADD COLUMN joint_kind TEXT NOT NULL DEFAULT '';
UPDATE trunks SET joint_kind = CASE joint::json ->> 'type'
  WHEN 'single_port' THEN 'SINGLE_PORT' WHEN 'lag' THEN 'LAG' ELSE 'PARTNER' END;

CREATE TABLE scope_settings (
  scope TEXT PRIMARY KEY,
  default_asn BIGINT NOT NULL
);
