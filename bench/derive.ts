import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContextCache } from '../src/derive/context.ts';
import { Deriver } from '../src/derive/deriver.ts';
import { derivationFollower } from '../src/derive/follow.ts';
import { attachDerivation, pipelineEmitter } from '../src/derive/hook.ts';
import type { IngestRecord } from '../src/model/ingest.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import { rowsPerSecond, type Comparison, type Scenario, type Timing } from './scenario.ts';

const DEVICES = 50;
const PLACES = 1000;
const BATCH = 500;
const ROUNDS = 3;
/** Derivation with 1,000 places must keep this share of the rate without derivation. */
const TARGET = 0.8;
/** Place counts measured once more beside the comparison: few places, and many more far from the fleet. */
const FEW_PLACES = 10;
const MANY_PLACES = 100_000;

/**
 * A fleet driving 10 s fixes in a 20 km square: 5 minutes at 50 km/h, then 5 minutes parked, over and over, with
 * 1,000 places of 150 m scattered over the square. The same records go through the pipeline of fresh databases,
 * one with derivation (trips, stops, places, alarms) after each commit and one without; the clock stops when
 * derivation has handled the last commit. With 100,000 places, the 99,000 beyond the first 1,000 lie in a
 * 10° square around the fleet's, where it does not drive: what they may cost is looking them up.
 */
function fleetRecords(count: number, deviceIds: number[], start: number): IngestRecord[][] {
  const perDevice = Math.ceil(count / deviceIds.length);
  const batches: IngestRecord[][] = [];
  let batch: IngestRecord[] = [];
  for (let i = 0; i < perDevice; i++) {
    for (const [n, deviceId] of deviceIds.entries()) {
      const cycle = Math.floor(i / 30);
      const moving = cycle % 2 === 0;
      const step = Math.min(i % 30, moving ? 30 : 0) + Math.floor(cycle / 2) * 30;
      // 139 m per 10 s fix while moving; each device on its own diagonal.
      const metres = step * 139;
      batch.push({
        device: { deviceId },
        position: {
          fixTime: start + i * 10_000,
          lat: 52.4 + (n % 10) * 0.018 + (metres / 111_320) * 0.7,
          lon: 13.2 + Math.floor(n / 10) * 0.03 + (metres / 68_000) * 0.7,
          speed: moving ? 50 : 0,
        },
      });
      if (batch.length === BATCH) {
        batches.push(batch);
        batch = [];
      }
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** Places as rows, in one transaction: 100,000 through the API would take longer than the bench itself. */
function addPlaces(storage: SqliteStorage, groupId: number, count: number): void {
  const insert = storage.db.prepare(
    `INSERT INTO places (group_id, name, identifier, labels, lat, lon, radius, created_at, updated_at)
     VALUES (?, ?, ?, '[]', ?, ?, 150, 0, 0)`,
  );
  storage.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const near = i < PLACES;
      const lat = near ? 52.4 + ((i * 7919) % 1000) / 5000 : 47.5 + ((i * 7919) % 99_991) / 9_999;
      const lon = near ? 13.2 + ((i * 104729) % 1000) / 3300 : 8.3 + ((i * 104729) % 99_989) / 9_998;
      // Far places are moved off the fleet's square, so that every one of them is away from its tracks.
      const away = !near && lat > 52.3 && lat < 52.7 && lon > 13.1 && lon < 13.6;
      insert.run(groupId, `p${i}`, `P${i}`, away ? lat - 1 : lat, lon);
    }
  })();
}

async function hub(dir: string, derive: boolean, places = PLACES) {
  mkdirSync(dir, { recursive: true });
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  const group = await storage.createGroup({ parentId: null, name: 'fleet' });
  const deviceIds: number[] = [];
  for (let i = 0; i < DEVICES; i++)
    deviceIds.push((await storage.createDevice({ groupId: group.id, name: `d${i}` })).id);
  addPlaces(storage, group.id, places);
  const pipeline = new Pipeline(storage);
  let failure: unknown = null;
  const derivation = derive
    ? derivationFollower(
        storage,
        new Deriver(storage, new ContextCache(storage), pipelineEmitter(pipeline)),
        {
          onError: (err) => (failure ??= err),
        },
      )
    : null;
  if (derivation) {
    await derivation.init();
    pipeline.onCommit(attachDerivation(pipeline, derivation, null));
  }
  pipeline.onHookError = (err) => {
    throw err;
  };
  /** Resolves once derivation has handled every commit so far; fails if it failed on the way. */
  const caughtUp = async () => {
    await derivation?.catchUp();
    if (failure) throw failure;
  };
  return { storage, pipeline, group, deviceIds, caughtUp };
}

/** Runs a round's records through a fresh hub; the clock stops when derivation has caught up. */
async function timeRound(dir: string, derive: boolean, perRound: number, places = PLACES) {
  const h = await hub(dir, derive, places);
  try {
    const batches = fleetRecords(perRound, h.deviceIds, Date.UTC(2026, 0, 1));
    const context = {
      groupId: h.group.id,
      scopePath: h.group.path,
      sourceId: null,
      unknownDevices: 'reject' as const,
    };
    const started = process.hrtime.bigint();
    let count = 0;
    for (const b of batches) {
      await h.pipeline.ingest(b, { ...context, receivedTime: Date.now() });
      count += b.length;
    }
    await h.caughtUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const events = derive ? (await h.storage.listEvents({ scope: '/', limit: 1000 })).items.length : 0;
    return { timing: { label: '', rows: count, seconds }, events };
  } finally {
    await h.storage.close();
  }
}

export const deriveScenario: Scenario = {
  name: 'derive',
  async run({ rows, dir }) {
    // Derivation is the slow side by design; a tenth of the rows per round keeps the run short.
    const perRound = Math.max(10_000, Math.floor(rows / 10));
    const on: Timing[] = [];
    const off: Timing[] = [];
    let events = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const derive of round % 2 ? [false, true] : [true, false]) {
        const r = await timeRound(join(dir, `${round}-${derive}`), derive, perRound);
        const label = derive ? `with derivation, ${PLACES} places` : 'derivation off';
        (derive ? on : off).push({ ...r.timing, label });
        if (derive) events = r.events;
      }
    }
    const few = await timeRound(join(dir, 'few'), true, perRound, FEW_PLACES);
    const many = await timeRound(join(dir, 'many'), true, perRound, MANY_PLACES);
    const sum = (ts: Timing[]): Timing => ({
      label: ts[0]!.label,
      rows: ts.reduce((a, t) => a + t.rows, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    const offRate = rowsPerSecond(sum(off));
    const share = (t: Timing) =>
      `${Math.round(rowsPerSecond(t))} rows/s, ${(rowsPerSecond(t) / offRate).toFixed(3)}`;
    const comparison: Comparison = {
      name: `positions through trip, stop and place derivation (${PLACES} places, ${DEVICES} devices)`,
      trackway: sum(on),
      baseline: sum(off),
      rounds: on.map((t, i) => t.rows / t.seconds / (off[i]!.rows / off[i]!.seconds)),
      target: TARGET,
      notes: [
        `${perRound.toLocaleString('en-US')} positions per round in batches of ${BATCH}, SQLite, in this process, ` +
          'timed until derivation has handled the last commit; the baseline is the same pipeline with derivation ' +
          `switched off (at least ${events} events derived per round).`,
        `with ${FEW_PLACES} places: ${share(few.timing)} of derivation off; ` +
          `with ${MANY_PLACES.toLocaleString('en-US')} places: ${share(many.timing)} (one round each)`,
      ],
    };
    return [comparison];
  },
};
