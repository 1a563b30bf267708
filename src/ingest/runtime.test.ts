import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from './testing/fake-cloud.ts';
import { END, Fixture, RATES, START, until } from './testing/fixture.ts';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('ingest runtime', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await Fixture.open();
  });
  afterEach(async () => {
    await f.close();
  });

  it('pages through a feed, committing each page with its cursor, spaced by the vendor spacing', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 5, START));
    const source = await f.addSource('alpine');
    f.clock.holdAt(START + RATES.sourceIntervalMs - 1);
    f.start();
    await until(async () => (await f.source(source.id)).cursor === '5', 'the last page is committed');
    await until(() => f.clock.sleeping === 2, 'the source waits for its next run');

    const requests = f.cloud.requestsFor('alpine');
    expect(requests.map((r) => r.cursor)).toEqual([null, '2', '4']);
    // Later pages of a run wait for the vendor spacing only, not for the source interval.
    expect(gaps(requests.map((r) => r.at))).toEqual([RATES.vendorSpacingMs, RATES.vendorSpacingMs]);
    const { positions, messages: stored } = await f.stored();
    expect(positions).toHaveLength(5);
    expect(stored.map((m) => m.sourceMessageId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `spot-1-${i}`));
    const after = await f.source(source.id);
    expect(after).toMatchObject({
      status: 'idle',
      failures: 0,
      lastError: null,
      lastRequestAt: requests[2]!.at,
      lastSuccessAt: requests[2]!.at,
      nextRunAt: requests[2]!.at + RATES.sourceIntervalMs,
    });
    expect(f.errors).toEqual([]);
  });

  it('asks a source again no sooner than its interval', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    await f.addSource('alpine');
    f.start();
    await until(() => f.cloud.requests.length >= 4, 'four runs');

    const runs = f.cloud.requestsFor('alpine');
    for (const gap of gaps(runs.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(RATES.sourceIntervalMs);
    // Nothing new after the first run: the cursor stays where the committed records left it.
    expect(runs.slice(1).map((r) => r.cursor)).toEqual(['1', '1', '1']);
  });

  it('spaces the requests of two sources of one vendor by the vendor spacing', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 6, START));
    f.cloud.addFeed('desert', messages('spot-2', 6, START));
    const a = await f.addSource('alpine');
    const b = await f.addSource('desert');
    f.start();
    await until(
      async () => (await f.source(a.id)).cursor === '6' && (await f.source(b.id)).cursor === '6',
      'both feeds are read',
    );

    const times = f.cloud.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(times).toHaveLength(6);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(RATES.vendorSpacingMs);
    expect((await f.stored()).positions).toHaveLength(12);
  });

  it('lets the page in flight commit when stopped, then asks for nothing more', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 5, START));
    const source = await f.addSource('alpine');
    f.cloud.delayMs = 100;
    const runtime = f.start();
    await until(() => f.cloud.requests.length === 1, 'the first request is in flight');

    await runtime.stop();
    expect((await f.source(source.id)).cursor).toBe('2');
    expect((await f.stored()).positions).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(f.cloud.requests).toHaveLength(1);
  });

  it('shows a disabled source as disabled and never asks for it', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    f.cloud.addFeed('desert', messages('spot-2', 1, START));
    const off = await f.addSource('desert', { enabled: false });
    await f.addSource('alpine');
    f.start();
    await until(() => f.cloud.requests.length >= 2, 'two runs of the enabled source');

    expect(f.cloud.requestsFor('desert')).toEqual([]);
    expect(await f.source(off.id)).toMatchObject({ status: 'disabled', nextRunAt: null });
  });

  it('picks up a source added while running at the next rescan', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    f.clock.holdAt(START + 30_000);
    f.start({ rescanMs: 60_000 });
    await until(() => f.clock.sleeping === 1, 'the first scan found nothing to run');
    const source = await f.addSource('alpine');
    f.clock.holdAt(END);
    await until(async () => (await f.source(source.id)).cursor === '1', 'the new source is read');

    expect(f.cloud.requests[0]!.at).toBe(START + 60_000);
  });
});
