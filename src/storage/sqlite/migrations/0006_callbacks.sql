-- The delivery log is read per callback, newest first (a callback's failures, a device type's error list).
CREATE INDEX deliveries_callback_created ON deliveries(callback_id, created_at);
CREATE INDEX callbacks_device_type ON callbacks(device_type_id);
CREATE INDEX callbacks_group ON callbacks(group_id);
