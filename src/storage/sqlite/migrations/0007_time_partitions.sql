-- PostgreSQL partitions positions and messages by month in the migration of this name. A SQLite file has no
-- partitions: its retention deletes in small batches along the (device, time) indexes it already has.
SELECT 1;
