import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageResult } from '../../../ingest/connector.ts';
import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import { createHttpFetch } from '../../../ingest/http.ts';
import type { Source } from '../../../model/records.ts';
import { startFakeMixCloud, type RunningFakeMix } from '../fake-cloud/fake-mix-cloud.ts';
import { mixConnector, PAGE_LIMIT } from './connector.ts';
import { readCursor } from './cursor.ts';
import { TRIP_MESSAGE } from './to-records.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The cloud's clock runs hours ahead of ours: the one-hour rule must be judged on the server's time. */
const CLOUD_AHEAD = 3 * HOUR;

describe('MiX trips connector', () => {
  let cloud: RunningFakeMix;
  let started: number;
  const cloudNow = () => Date.now() + CLOUD_AHEAD;
  /** Both clocks move on: the source was stopped, or quiet, for a while. */
  const pass = (ms: number) => vi.setSystemTime(Date.now() + ms);
  const fetch = createHttpFetch(5000);

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    started = cloudNow();
    cloud = await startFakeMixCloud({ vehicles: 4, now: cloudNow });
  });
  afterEach(async () => {
    await cloud.stop();
    vi.useRealTimers();
  });

  const source = (settings: Record<string, unknown> = {}): Source =>
    ({ settings: { baseUrl: cloud.url, token: cloud.token, ...settings } }) as unknown as Source;
  const page = (cursor: string | null, settings?: Record<string, unknown>) =>
    mixConnector.fetchPage({ source: source(settings), cursor, fetch });
  /** Pages until one says there is no more, as the runtime does. */
  async function drain(cursor: string | null, settings?: Record<string, unknown>) {
    const pages: PageResult[] = [];
    do pages.push(await page(pages.at(-1)?.cursor ?? cursor, settings));
    while (pages.at(-1)!.more && pages.length < 50);
    return pages;
  }
  const tripIds = (pages: PageResult[]) => [
    ...new Set(
      pages.flatMap((p) =>
        p.records
          .filter((r) => r.message?.messageType === TRIP_MESSAGE)
          .map((r) => r.message!.sourceMessageId),
      ),
    ),
  ];
  /** `count` trips ending one second apart, the last `endAgo` before the cloud's time. */
  const addTrips = (count: number, endAgo: number) => {
    const trips = cloud.makeTrips(count);
    trips.forEach((t, i) => {
      const end = cloudNow() - endAgo - (count - 1 - i) * 1000;
      t.StartTimestamp = end - 5 * MINUTE;
      t.StartPosition!.DeviceTimestamp = t.StartTimestamp;
      t.EndTimestamp = t.EndPosition!.DeviceTimestamp = end;
    });
    cloud.add(...trips);
    return trips;
  };

  it('starts a new source an hour back on the server clock, read from its Date header', async () => {
    addTrips(3, 20 * MINUTE);
    const pages = await drain(null);
    const first = readCursor(pages[0]!.cursor)!;
    expect(first.since).toBeGreaterThan(started - HOUR);
    expect(first.since).toBeLessThan(started - HOUR + 5 * MINUTE);
    expect(cloud.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(pages[0]!.records).toEqual([]);
    expect(tripIds(pages)).toHaveLength(3);
    // Each trip: the trip message, its start position and its end position.
    const [message, start, end] = pages[1]!.records;
    expect(pages[1]!.records).toHaveLength(9);
    expect(message).toMatchObject({
      device: { vendor: 'mix', externalId: cloud.trips[0]!.VehicleId },
      message: { messageType: 'mix-trip', deviceTime: cloud.trips[0]!.EndTimestamp },
    });
    expect(start!.position!.fixTime).toBe(cloud.trips[0]!.StartTimestamp);
    expect(end!.position).toMatchObject({
      fixTime: cloud.trips[0]!.EndTimestamp,
      odometer: cloud.trips[0]!.EndOdometer! * 1000,
    });
    expect(readCursor(pages.at(-1)!.cursor)!.since).toBe(cloud.trips[2]!.EndTimestamp);
  });

  it('asks again at once while 100 trips come back, passing the latest DeviceTimestamp', async () => {
    const start = (await drain(null)).at(-1)!.cursor;
    const trips = addTrips(250, MINUTE);
    const pages = await drain(start);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(cloud.requests.slice(-3).map((r) => r.returned)).toEqual([PAGE_LIMIT, PAGE_LIMIT, 52]);
    // Each request starts at the second of the latest trip before it, which comes again: a repeat, never a gap.
    expect(tripIds(pages)).toHaveLength(250);
    expect(readCursor(pages.at(-1)!.cursor)!.since).toBe(trips.at(-1)!.EndTimestamp);
  });

  it('keeps only the configured vehicles, and asks for them by vehicle_ids', async () => {
    const start = (await drain(null)).at(-1)!.cursor;
    const trips = addTrips(8, MINUTE);
    const wanted = trips[0]!.VehicleId;
    const pages = await drain(start, { vehicleIds: [wanted], organisationId: 'org-1' });
    expect(cloud.requests.at(-1)!.path).toMatch(/\?organisation_id=org-1&vehicle_ids=/);
    const vehicles = new Set(
      pages.flatMap((p) => p.records.map((r) => (r.device as { externalId: string }).externalId)),
    );
    expect([...vehicles]).toEqual([wanted]);
  });

  it('never sends a :since older than the hour after a long stop: restarts and records the gap', async () => {
    const before = (await drain(null)).at(-1)!;
    const checked = readCursor(before.cursor)!.checked;
    pass(3 * HOUR);
    addTrips(2, MINUTE);
    const [after] = await drain(before.cursor);
    expect(cloud.requests.map((r) => r.status)).not.toContain(413);
    const cursor = readCursor(after!.cursor)!;
    expect(cursor.gap!.from).toBe(checked);
    expect(cursor.gap!.to).toBeGreaterThan(cloudNow() - HOUR);
    expect(tripIds([after!])).toHaveLength(2);
    // The page after carries no gap: it was recorded once.
    expect(readCursor((await page(after!.cursor)).cursor)!.gap).toBeUndefined();
  });

  it('dates a gap from the latest trip read when it stopped after a full page', async () => {
    const start = (await drain(null)).at(-1)!.cursor;
    const trips = addTrips(150, MINUTE);
    const full = await page(start);
    expect(full.more).toBe(true);
    pass(2 * HOUR);
    const [after] = await drain(full.cursor);
    expect(readCursor(after!.cursor)!.gap!.from).toBe(trips[99]!.EndTimestamp);
  });

  it('records no gap for a source that polled through a quiet hour', async () => {
    let cursor = (await drain(null)).at(-1)!.cursor;
    for (let i = 0; i < 6; i++) {
      pass(20 * MINUTE);
      cursor = (await page(cursor)).cursor;
      expect(readCursor(cursor)!.gap).toBeUndefined();
    }
    expect(cloud.requests.map((r) => r.status)).not.toContain(413);
  });

  it("handles a 413 that comes anyway like a long stop, from the 413 answer's Date", async () => {
    const before = readCursor((await drain(null)).at(-1)!.cursor)!;
    // Our idea of the server's clock went two hours wrong while the source was stopped for two hours.
    const wrong = JSON.stringify({
      since: before.since - 2 * HOUR,
      checked: before.checked - 2 * HOUR,
      skew: before.skew - 2 * HOUR,
    });
    const restarted = await page(wrong);
    expect(cloud.requests.at(-1)!.status).toBe(413);
    expect(restarted).toMatchObject({ records: [], more: true });
    const cursor = readCursor(restarted.cursor)!;
    expect(cursor.since).toBeGreaterThan(cloudNow() - HOUR);
    expect(cursor.gap).toEqual({ from: before.checked - 2 * HOUR, to: cursor.since });
    await page(restarted.cursor);
    expect(cloud.requests.at(-1)!.status).toBe(200);
  });

  it('classifies failures: refused token fatal, server errors and bad JSON retryable', async () => {
    await expect(page(null, { token: 'wrong' })).rejects.toBeInstanceOf(FatalError);
    await expect(page(null, { baseUrl: '' })).rejects.toThrow(/baseUrl is required/);
    const broken = await startFakeBody(500, 'oops');
    await expect(page(null, { baseUrl: broken.url })).rejects.toBeInstanceOf(RetryableError);
    await broken.stop();
    const garbled = await startFakeBody(200, '[{"VehicleId":');
    const probed = await page(null, { baseUrl: garbled.url });
    await expect(page(probed.cursor, { baseUrl: garbled.url })).rejects.toThrow(/not JSON/);
    await garbled.stop();
  });
});

/** A server answering every request with one status and body, with a Date header. */
async function startFakeBody(status: number, body: string) {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) =>
    res.writeHead(status, { date: new Date().toUTCString() }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
