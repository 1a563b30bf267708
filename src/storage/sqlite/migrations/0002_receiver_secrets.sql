-- Secrets of push receivers (OsmAnd, OwnTracks): per source, optionally bound to one device identity.
CREATE TABLE receiver_secrets (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  external_id TEXT,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX receiver_secrets_source ON receiver_secrets(source_id);
