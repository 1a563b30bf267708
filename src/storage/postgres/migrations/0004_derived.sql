-- Places are addressed by identifier (the places API); derived events are replaced per device, type and time.
CREATE UNIQUE INDEX places_identifier ON places(identifier);
CREATE INDEX events_device_type_time ON events(device_id, type, event_time);
