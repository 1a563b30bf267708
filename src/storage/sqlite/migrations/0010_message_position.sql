-- A message that arrives after its own position (a Sigfox network geolocation sent before its data callback)
-- adopts that position: the position's message_id is set in place, which the commit order does not send again,
-- so the message, new in the commit order, names its position here. A consumer of the sync cursor that already
-- holds the position learns the link from the message.
ALTER TABLE messages ADD COLUMN position_id INTEGER;
