-- Settings of the provider that the operator changes while the server runs, such as the pool CNIs
-- take their point-to-point subnets from. A setting that is absent falls back to the configuration.

CREATE TABLE provider_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
