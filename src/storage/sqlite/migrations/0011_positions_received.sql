-- Positions by the time the hub received them, per device: vendor APIs that page by server time (GPS365's
-- coordinates/historic) read one device's window of it.
CREATE INDEX positions_device_received ON positions(device_id, received_time);
