-- Snapshots of a device's derivation state at points where a replay may start (see src/derive/checkpoints.ts),
-- so that late data replays from just before it rather than from the start of the device's history.
CREATE TABLE derive_checkpoints (
  device_id BIGINT NOT NULL REFERENCES devices(id),
  machine TEXT NOT NULL,
  time BIGINT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (device_id, machine, time)
);
