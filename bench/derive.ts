import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContextCache } from '../src/derive/context.ts';
import { Deriver } from '../src/derive/deriver.ts';
import { derivationFollower } from '../src/derive/follow.ts';
import { deriveHook, pipelineEmitter } from '../src/derive/hook.ts';
import type { IngestRecord } from '../src/model/ingest.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const DEVICES = 50;
const PLACES = 1000;
const BATCH = 500;
const ROUNDS = 3;

/**
 * A fleet driving 10 s fixes in a 20 km square: 5 minutes at 50 km/h, then 5 minutes parked, over and over, with
 * 1,000 places of 150 m scattered over the square. The same records go through the pipeline of two fresh
 * databases, one with derivation (trips, stops, places, alarms) after each commit and one without.
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

async function hub(dir: string, derive: boolean) {
  mkdirSync(dir, { recursive: true });
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  const group = await storage.createGroup({ parentId: null, name: 'fleet' });
  const deviceIds: number[] = [];
  for (let i = 0; i < DEVICES; i++)
    deviceIds.push((await storage.createDevice({ groupId: group.id, name: `d${i}` })).id);
  for (let i = 0; i < PLACES; i++) {
    await storage.createPlace({
      groupId: group.id,
      name: `p${i}`,
      identifier: `P${i}`,
      lat: 52.4 + ((i * 7919) % 1000) / 5000,
      lon: 13.2 + ((i * 104729) % 1000) / 3300,
      radius: 150,
      polygon: null,
    });
  }
  const pipeline = new Pipeline(storage);
  if (derive) {
    const emit = pipelineEmitter(pipeline);
    const derivation = derivationFollower(storage, new Deriver(storage, new ContextCache(storage), emit));
    await derivation.init();
    pipeline.onCommit(deriveHook(derivation, null));
  }
  pipeline.onHookError = (err) => {
    throw err;
  };
  return { storage, pipeline, group, deviceIds };
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
        const h = await hub(join(dir, `${round}-${derive}`), derive);
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
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        (derive ? on : off).push({
          label: derive ? 'with derivation' : 'derivation off',
          rows: count,
          seconds,
        });
        if (derive) events = (await h.storage.listEvents({ scope: '/', limit: 1000 })).items.length;
        await h.storage.close();
      }
    }
    const sum = (ts: Timing[]): Timing => ({
      label: ts[0]!.label,
      rows: ts.reduce((a, t) => a + t.rows, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    const comparison: Comparison = {
      name: `positions through trip, stop and place derivation (${PLACES} places, ${DEVICES} devices)`,
      trackway: sum(on),
      baseline: sum(off),
      rounds: on.map((t, i) => t.rows / t.seconds / (off[i]!.rows / off[i]!.seconds)),
      notes: [
        `${perRound.toLocaleString('en-US')} positions per round in batches of ${BATCH}, SQLite, in this process; ` +
          `the baseline is the same pipeline with derivation switched off (at least ${events} events derived per round).`,
      ],
    };
    return [comparison];
  },
};
