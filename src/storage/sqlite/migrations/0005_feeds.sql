-- Published feeds (a named set of devices with a public id, as SPOT's feed API serves them).
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  feed_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  rate_limited INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX feeds_group ON feeds(group_id);

CREATE TABLE feed_devices (
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  PRIMARY KEY (feed_id, device_id)
);

-- A feed lists messages that have no position; finding them asks which positions point at a message. Message
-- ids grow with commit order, so this index is written at its right edge and stays cheap as history grows.
CREATE INDEX positions_message ON positions(message_id) WHERE message_id IS NOT NULL;
