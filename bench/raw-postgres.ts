import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type { Sql } from 'postgres';
import { batchFixes, type BatchRef } from './fleet.ts';

const COLUMNS = [
  'device_id',
  'fix_time',
  'received_time',
  'lat',
  'lon',
  'valid',
  'altitude',
  'speed',
  'course',
  'hdop',
  'satellites',
  'odometer',
  'ignition',
  'motion',
  'inputs',
  'power',
  'attributes',
];

/**
 * The baseline: the same rows written with COPY into a table of the same columns and the same keys as the hub's
 * positions (primary key, identity, sync order), in the same database, with nothing in between.
 */
export async function createRawTable(sql: Sql): Promise<void> {
  await sql`CREATE TABLE raw_positions (
    id BIGSERIAL, commit_xid XID8 NOT NULL DEFAULT pg_current_xact_id(),
    device_id BIGINT NOT NULL, fix_time BIGINT NOT NULL, received_time BIGINT NOT NULL,
    lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, valid BOOLEAN, altitude DOUBLE PRECISION,
    speed DOUBLE PRECISION, course DOUBLE PRECISION, hdop DOUBLE PRECISION, satellites INTEGER,
    odometer DOUBLE PRECISION, ignition BOOLEAN, motion BOOLEAN, inputs BIGINT, power DOUBLE PRECISION,
    attributes JSONB NOT NULL, PRIMARY KEY (id, fix_time))`;
  await sql`CREATE UNIQUE INDEX raw_positions_identity ON raw_positions(device_id, fix_time, lat, lon)`;
  await sql`CREATE INDEX raw_positions_sync ON raw_positions(commit_xid, id)`;
}

/**
 * COPYs each batch's 1,000 rows in a transaction of its own, as the hub commits each batch; returns the seconds
 * spent in the COPYs. Building the rows stays outside the clock.
 */
export async function copyBatches(sql: Sql, refs: BatchRef[]): Promise<number> {
  const now = Date.now();
  const text = (ref: BatchRef) =>
    batchFixes(ref.client, ref.local)
      .map((f) =>
        [
          f.device + 1,
          f.fixTime,
          now,
          f.lat,
          f.lon,
          't',
          f.altitude,
          f.speed,
          f.course,
          f.hdop,
          f.satellites,
          f.odometer,
          f.ignition ? 't' : 'f',
          f.motion ? 't' : 'f',
          f.inputs,
          f.power,
          JSON.stringify(f.attributes),
        ].join('\t'),
      )
      .join('\n') + '\n';
  let seconds = 0;
  for (const ref of refs) {
    const body = text(ref);
    const started = performance.now();
    const copy = await sql.unsafe(`COPY raw_positions (${COLUMNS.join(', ')}) FROM STDIN`).writable();
    await pipeline(Readable.from([body]), copy);
    seconds += (performance.now() - started) / 1000;
  }
  return seconds;
}
