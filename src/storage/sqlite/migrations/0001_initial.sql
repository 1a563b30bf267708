-- Every entity of DESIGN.md §3, so later work fills tables rather than reshapes them.
-- Times are UTC epoch milliseconds. JSON columns hold objects as text.

CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES groups(id),
  name TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  unknown_devices TEXT NOT NULL DEFAULT 'create' CHECK (unknown_devices IN ('create', 'reject')),
  retention_days INTEGER,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  group_id INTEGER NOT NULL REFERENCES groups(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
  PRIMARY KEY (user_id, group_id)
);

CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  user_id INTEGER REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
  kind TEXT NOT NULL CHECK (kind IN ('token', 'password')),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE device_types (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  keep_alive INTEGER NOT NULL DEFAULT 0,
  payload_type TEXT NOT NULL DEFAULT 'none',
  payload_config TEXT,
  downlink_mode TEXT,
  downlink_data TEXT,
  alert_email TEXT,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);

CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  type_id INTEGER REFERENCES device_types(id),
  name TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'silent', 'off', 'disabled', 'warn')),
  last_seen INTEGER,
  -- The latest position by fix time, kept in the commit that stores it: a GROUP BY over history is far too slow.
  latest_position_id INTEGER,
  latest_fix_time INTEGER,
  link_stats TEXT NOT NULL DEFAULT '{}',
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX devices_group ON devices(group_id);

CREATE TABLE external_ids (
  vendor TEXT NOT NULL,
  external_id TEXT NOT NULL,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  PRIMARY KEY (vendor, external_id)
);
CREATE INDEX external_ids_device ON external_ids(device_id);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  vendor TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pull', 'push')),
  name TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  unknown_devices TEXT NOT NULL DEFAULT 'create' CHECK (unknown_devices IN ('create', 'reject')),
  enabled INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'idle',
  cursor TEXT,
  last_error TEXT,
  last_error_at INTEGER,
  last_success_at INTEGER,
  last_request_at INTEGER,
  next_run_at INTEGER,
  failures INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL
);

-- Last request time per rate-limit key (a vendor's spacing between requests to different feeds).
CREATE TABLE rate_stamps (
  key TEXT PRIMARY KEY,
  last_request_at INTEGER NOT NULL
);

-- Positions, messages and events take their id from one counter (`sync_counter`), so that the id is the commit
-- order and the sync cursor reads each table along its primary key.
CREATE TABLE sync_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  source_id INTEGER REFERENCES sources(id),
  source_message_id TEXT,
  device_time INTEGER NOT NULL,
  received_time INTEGER NOT NULL,
  message_type TEXT,
  payload TEXT,
  payload_encoding TEXT,
  payload_hash TEXT NOT NULL,
  radio TEXT NOT NULL DEFAULT '{}',
  decoded TEXT,
  duplicate INTEGER NOT NULL DEFAULT 0,
  attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX messages_source_identity ON messages(device_id, coalesce(source_id, 0), source_message_id)
  WHERE source_message_id IS NOT NULL;
CREATE UNIQUE INDEX messages_content_identity ON messages(device_id, device_time, payload_hash)
  WHERE source_message_id IS NULL;
CREATE INDEX messages_device_time ON messages(device_id, device_time);

CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  message_id INTEGER REFERENCES messages(id),
  fix_time INTEGER NOT NULL,
  received_time INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  valid INTEGER NOT NULL DEFAULT 1,
  accuracy REAL,
  altitude REAL,
  speed REAL,
  course REAL,
  hdop REAL,
  vdop REAL,
  pdop REAL,
  satellites INTEGER,
  odometer REAL,
  ignition INTEGER,
  motion INTEGER,
  inputs INTEGER,
  outputs INTEGER,
  analogs TEXT,
  temperatures TEXT,
  power REAL,
  attributes TEXT NOT NULL DEFAULT '{}'
);
-- The identity rule of a position, and the index every per-device time-range read uses.
CREATE UNIQUE INDEX positions_identity ON positions(device_id, fix_time, lat, lon);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  device_id INTEGER REFERENCES devices(id),
  group_id INTEGER NOT NULL REFERENCES groups(id),
  type TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  event_key TEXT,
  position_id INTEGER,
  message_id INTEGER,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_identity ON events(coalesce(device_id, 0), type, event_time, coalesce(event_key, ''));
CREATE INDEX events_group_time ON events(group_id, event_time);

CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  name TEXT NOT NULL,
  identifier TEXT,
  details TEXT,
  labels TEXT NOT NULL DEFAULT '[]',
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  radius REAL,
  polygon TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  archived_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX places_group ON places(group_id);

CREATE TABLE trips (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  origin TEXT NOT NULL DEFAULT 'derived',
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  start_lat REAL,
  start_lon REAL,
  end_lat REAL,
  end_lon REAL,
  distance REAL NOT NULL DEFAULT 0,
  duration INTEGER NOT NULL DEFAULT 0,
  max_speed REAL,
  avg_speed REAL,
  overspeed_count INTEGER NOT NULL DEFAULT 0,
  harsh_acceleration_count INTEGER NOT NULL DEFAULT 0,
  harsh_braking_count INTEGER NOT NULL DEFAULT 0,
  max_acceleration REAL,
  max_braking REAL,
  start_odometer REAL,
  end_odometer REAL,
  attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX trips_device_start ON trips(device_id, origin, start_time);

CREATE TABLE stops (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  duration INTEGER NOT NULL,
  place_id INTEGER REFERENCES places(id),
  attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX stops_device_start ON stops(device_id, start_time);

-- Per-device state of the derivation machines (trip detector, place presence, silence), so a restart changes nothing.
CREATE TABLE derive_state (
  device_id INTEGER NOT NULL REFERENCES devices(id),
  machine TEXT NOT NULL,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, machine)
);

CREATE TABLE callbacks (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups(id),
  device_type_id INTEGER REFERENCES device_types(id),
  channel TEXT NOT NULL CHECK (channel IN ('url', 'batch-url', 'email', 'webhook')),
  kind TEXT NOT NULL,
  subtype TEXT,
  config TEXT NOT NULL DEFAULT '{}',
  enabled INTEGER NOT NULL DEFAULT 1,
  dead INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  callback_id INTEGER NOT NULL REFERENCES callbacks(id),
  device_id INTEGER,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_status INTEGER,
  last_reason TEXT,
  claimed_by TEXT,
  claimed_until INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
