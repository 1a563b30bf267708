-- Published feeds' tables were created here before they moved to the SPOT folder, whose own migrations now
-- create them (vendors/spot/storage/migrations); the name stays, since databases record it.

-- A feed lists messages that have no position; finding them asks which positions point at a message. Message
-- ids grow with commit order, so this index is written at its right edge and stays cheap as history grows.
-- Retention asks the same question.
CREATE INDEX positions_message ON positions(message_id) WHERE message_id IS NOT NULL;
