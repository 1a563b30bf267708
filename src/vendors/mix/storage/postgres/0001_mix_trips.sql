-- Trips imported from MiX (document 003): the latest version of each trip of a vehicle, as MiX reported it.
-- Projected, in commit order, from the trip messages that keep every report raw; `end_time` is the trip's
-- DeviceTimestamp, the order in which `GET /trips/:since` serves trips.
CREATE TABLE mix_trips (
  device_id BIGINT NOT NULL REFERENCES devices(id),
  start_time BIGINT NOT NULL,
  end_time BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  trip JSONB NOT NULL,
  PRIMARY KEY (device_id, start_time)
);
CREATE INDEX mix_trips_end ON mix_trips(end_time, device_id, start_time);
