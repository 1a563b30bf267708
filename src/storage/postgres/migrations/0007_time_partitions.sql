-- Positions and messages partitioned by month of their time column (fix time, device time), so that ingest writes
-- into a month's small indexes rather than ones spread over all history, and whole months can be dropped. The
-- partitions themselves are created ahead of time by the hub (postgres/partitions.ts); a DEFAULT partition takes
-- whatever has no partition yet, so no write ever fails for lack of one. Existing rows move over with their
-- ids and commit_xid, so sync cursors stay valid.

ALTER TABLE positions RENAME TO positions_unpartitioned;
ALTER TABLE positions_unpartitioned RENAME CONSTRAINT positions_pkey TO positions_unpartitioned_pkey;
DROP INDEX positions_identity;
DROP INDEX positions_sync;
DROP INDEX positions_message;

CREATE TABLE positions (LIKE positions_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (fix_time);
ALTER TABLE positions ADD PRIMARY KEY (id, fix_time);
ALTER TABLE positions ADD FOREIGN KEY (device_id) REFERENCES devices(id);
CREATE UNIQUE INDEX positions_identity ON positions(device_id, fix_time, lat, lon);
CREATE INDEX positions_sync ON positions(commit_xid, id);
CREATE INDEX positions_message ON positions(message_id) WHERE message_id IS NOT NULL;
CREATE TABLE positions_default PARTITION OF positions DEFAULT;
INSERT INTO positions SELECT * FROM positions_unpartitioned;
DROP TABLE positions_unpartitioned;

-- A unique index of a partitioned table must hold its partition key, and a vendor's message id is unique per
-- device and source whatever the time: that identity moves to a table of its own, written in the same commit.
CREATE TABLE message_source_keys (
  device_id BIGINT NOT NULL,
  source_key BIGINT NOT NULL, -- coalesce(source_id, 0)
  source_message_id TEXT NOT NULL,
  message_id BIGINT NOT NULL,
  device_time BIGINT NOT NULL,
  PRIMARY KEY (device_id, source_key, source_message_id)
);
INSERT INTO message_source_keys
  SELECT device_id, coalesce(source_id, 0), source_message_id, id, device_time FROM messages
  WHERE source_message_id IS NOT NULL;
CREATE INDEX message_source_keys_time ON message_source_keys(device_id, device_time);

ALTER TABLE messages RENAME TO messages_unpartitioned;
ALTER TABLE messages_unpartitioned RENAME CONSTRAINT messages_pkey TO messages_unpartitioned_pkey;
DROP INDEX messages_source_identity;
DROP INDEX messages_content_identity;
DROP INDEX messages_device_time;
DROP INDEX messages_sync;

CREATE TABLE messages (LIKE messages_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE (device_time);
ALTER TABLE messages ADD PRIMARY KEY (id, device_time);
ALTER TABLE messages ADD FOREIGN KEY (device_id) REFERENCES devices(id);
ALTER TABLE messages ADD FOREIGN KEY (source_id) REFERENCES sources(id);
CREATE UNIQUE INDEX messages_content_identity ON messages(device_id, device_time, payload_hash)
  WHERE source_message_id IS NULL;
CREATE INDEX messages_device_time ON messages(device_id, device_time);
CREATE INDEX messages_sync ON messages(commit_xid, id);
CREATE TABLE messages_default PARTITION OF messages DEFAULT;
INSERT INTO messages SELECT * FROM messages_unpartitioned;
DROP TABLE messages_unpartitioned;
