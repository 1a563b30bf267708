-- Consumers of the commit order (derivation, event webhooks): where each has got to, and which process holds it,
-- so a restart resumes where the last one stopped and two processes never follow one consumer at once.
CREATE TABLE consumers (
  name TEXT PRIMARY KEY,
  cursor TEXT,
  lease_owner TEXT,
  lease_until INTEGER,
  updated_at INTEGER NOT NULL
);

-- A delivery queued for an occurrence already queued (an event derived again after late data) is not queued twice.
ALTER TABLE deliveries ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX deliveries_dedupe ON deliveries(callback_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
