import { performance } from 'node:perf_hooks';
import { coreSqliteMigrations, migrate, openDatabase } from '../src/storage/sqlite/database.ts';
import { batchFixes, DEVICES_PER_CLIENT, type BatchRef, type Fix } from './fleet.ts';
import type { Timing } from './scenario.ts';

/**
 * The baselines: better-sqlite3 with nothing in between, in files opened with the hub's own settings (WAL,
 * `synchronous = FULL`, cache size). `hub-schema` builds the file with the hub's migrations, so its positions
 * table has the hub's keys, constraints and indexes; `rowid-only` has a positions table of the same columns with
 * no key, constraint or index but SQLite's rowid: the least work a database can do to keep these rows durably.
 */
const INSERT = `INSERT INTO positions (device_id, fix_time, received_time, lat, lon, valid, altitude, speed, course,
  hdop, satellites, odometer, ignition, motion, inputs, power, attributes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const row = (f: Fix, receivedTime: number) => [
  f.device + 1,
  f.fixTime,
  receivedTime,
  f.lat,
  f.lon,
  1,
  f.altitude,
  f.speed,
  f.course,
  f.hdop,
  f.satellites,
  f.odometer,
  f.ignition ? 1 : 0,
  f.motion ? 1 : 0,
  f.inputs,
  f.power,
  JSON.stringify(f.attributes),
];

export interface RawTable {
  /** Inserts these batches, one transaction each; returns the seconds spent inside the transactions. */
  insert(batches: BatchRef[]): number;
  close(): void;
}

export type RawSchema = 'hub-schema' | 'rowid-only';

const ROWID_ONLY = `CREATE TABLE positions (device_id INTEGER, fix_time INTEGER, received_time INTEGER, lat REAL,
  lon REAL, valid INTEGER, altitude REAL, speed REAL, course REAL, hdop REAL, satellites INTEGER, odometer REAL,
  ignition INTEGER, motion INTEGER, inputs INTEGER, power REAL, attributes TEXT)`;

/** A fresh file for raw inserts: the hub's schema with the fleet's devices, or the rowid-only table. */
export function openRawTable(file: string, clients: number, schema: RawSchema = 'hub-schema'): RawTable {
  const db = openDatabase(file);
  if (schema === 'rowid-only') {
    db.exec(ROWID_ONLY);
  } else {
    migrate(db, [coreSqliteMigrations()]);
    const now = Date.now();
    db.prepare(`INSERT INTO groups (id, name, path, created_at) VALUES (1, 'root', '/1/', ?)`).run(now);
    const addDevice = db.prepare(`INSERT INTO devices (id, group_id, name, created_at) VALUES (?, 1, ?, ?)`);
    const addAll = db.transaction(() => {
      for (let id = 1; id <= clients * DEVICES_PER_CLIENT; id++) addDevice.run(id, `veh-${id}`, now);
    });
    addAll();
  }
  const statement = db.prepare(INSERT);
  const commit = db.transaction((rows: unknown[][]) => {
    for (const r of rows) statement.run(r);
  });
  return {
    insert(batches) {
      let seconds = 0;
      for (const ref of batches) {
        // Building the rows stays outside the clock: the baseline is the database's own cost.
        const rows = batchFixes(ref.client, ref.local).map((f) => row(f, Date.now()));
        const started = performance.now();
        commit.immediate(rows);
        seconds += (performance.now() - started) / 1000;
      }
      return seconds;
    },
    close: () => db.close(),
  };
}

/**
 * Reads the first `limit` rows of positions in id order (-1: all), making a JS object of every row as the sync
 * reads do. A second connection to the hub's file: WAL lets it read while the hub runs.
 */
export function scanPositions(file: string, limit: number): Timing {
  const db = openDatabase(file);
  try {
    const started = performance.now();
    let rows = 0;
    let checksum = 0;
    for (const r of db
      .prepare('SELECT * FROM positions ORDER BY id LIMIT ?')
      .iterate(limit) as IterableIterator<{
      id: number;
    }>) {
      rows++;
      checksum += r.id;
    }
    const seconds = (performance.now() - started) / 1000;
    // Using a field of every row keeps the work observable, so nothing can be skipped.
    if (rows > 0 && checksum <= 0) throw new Error('scan read no ids');
    return { label: 'better-sqlite3 SELECT * ORDER BY id', rows, seconds };
  } finally {
    db.close();
  }
}
