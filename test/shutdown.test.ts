import { afterAll, describe, expect, it } from 'vitest';
import { Api, type Json } from './support/api.ts';
import {
  ADMIN_TOKEN,
  makeTempDir,
  removeTempDir,
  startServer,
  type RunningServer,
} from './support/server.ts';

const T0 = Date.UTC(2025, 9, 1);
const WRITERS = 8;
const MAX_BATCHES = 60;
const PER_BATCH = 200;

describe('orderly shutdown', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('keeps every batch it acknowledged when SIGTERM arrives with ingest requests in flight, and exits 0', async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => removeTempDir(dataDir));
    const server: RunningServer = await startServer({ dataDir });
    cleanups.push(() => server.dispose());
    const api = new Api(server.url, ADMIN_TOKEN);

    const acknowledged: string[][] = [];
    let answered = 0;
    let inFlight = 0;
    let inFlightAtSignal = -1;
    let failures = 0;
    const batchKeys = (w: number, b: number) =>
      Array.from(
        { length: PER_BATCH },
        (_, i) => `w${w}|${new Date(T0 + (b * PER_BATCH + i) * 1000).toISOString()}`,
      );

    const writer = async (w: number) => {
      for (let b = 0; b < MAX_BATCHES; b++) {
        const keys = batchKeys(w, b);
        const records = keys.map((k) => {
          const [externalId, fixTime] = k.split('|');
          return { vendor: 'shutdown', externalId, fixTime, lat: 60, lon: 25 };
        });
        inFlight++;
        let res;
        try {
          res = await api.ingest(records, b % 2 === 0);
        } catch {
          // Connection closed or refused: the server is gone; this writer stops.
          failures++;
          return;
        } finally {
          inFlight--;
          answered++;
        }
        if (res.status === 200) {
          expect(res.body).toMatchObject({ accepted: PER_BATCH, rejected: 0 });
          acknowledged.push(keys);
        } else {
          // Refused while stopping (503): not acknowledged, so it may or may not be stored.
          expect(res.status).toBe(503);
          failures++;
        }
      }
    };

    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    // Let some batches through, then signal while others are on the wire.
    for (let i = 0; i < 500 && answered < WRITERS * 2; i++) await new Promise((r) => setTimeout(r, 10));
    inFlightAtSignal = inFlight;
    const exit = server.stop();
    await writing;
    expect(await exit, server.stderr()).toEqual({ code: 0, signal: null });
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(WRITERS * 2);
    expect(failures).toBeGreaterThan(0);

    const again = await startServer({ dataDir });
    cleanups.push(() => again.dispose());
    const stored = new Set<string>();
    const devices = new Map<number, string>(
      (await new Api(again.url, ADMIN_TOKEN).all('/api/v1/devices')).map((d: Json) => [
        d.id,
        d.externalIds[0].externalId,
      ]),
    );
    const { records } = await new Api(again.url, ADMIN_TOKEN).syncAll(null, 5000);
    for (const r of records) {
      if (r.kind === 'position') stored.add(`${devices.get(r.position.deviceId)}|${r.position.fixTime}`);
    }
    const missing = acknowledged.flat().filter((k) => !stored.has(k));
    expect(missing).toEqual([]);
    // Batches commit whole: what is stored is a whole number of batches.
    expect(stored.size % PER_BATCH).toBe(0);
  });
});
