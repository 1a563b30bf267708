-- Published feeds (a named set of devices with a public id, as SPOT's feed API serves them).
-- Until these tables belonged to the SPOT folder they came with the core's migration 0005_feeds: a database that
-- applied it has them already, hence IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS feeds (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  feed_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  rate_limited INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS feeds_group ON feeds(group_id);

CREATE TABLE IF NOT EXISTS feed_devices (
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  PRIMARY KEY (feed_id, device_id)
);
