import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateRules } from './connector.ts';
import { messages, RETRY_AFTER_S } from './testing/fake-cloud.ts';
import { Fixture, RATES, START, until } from './testing/fixture.ts';

/** A short interval, so that the backoff, not the interval, sets the retry times. */
const QUICK: RateRules = {
  sourceIntervalMs: 1_000,
  vendorSpacingMs: 0,
  backoff: { initialMs: 10_000, factor: 2, maxMs: 40_000 },
};

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('ingest runtime failures', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await Fixture.open();
  });
  afterEach(async () => {
    await f.close();
  });

  it('stops a source whose feed the cloud does not know, and asks for it no more', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    const missing = await f.addSource('gone');
    await f.addSource('alpine');
    f.start();
    await until(() => f.cloud.requestsFor('alpine').length >= 4, 'the other source ran four times');

    expect(f.cloud.requestsFor('gone').map((r) => r.status)).toEqual([404]);
    expect(await f.source(missing.id)).toMatchObject({
      status: 'failed',
      lastError: 'feed gone not found (HTTP 404)',
      lastErrorAt: START,
      failures: 1,
      nextRunAt: null,
      cursor: null,
    });
  });

  it('stops a source whose credentials the cloud refuses', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    const source = await f.addSource('alpine', { token: 'expired' });
    f.start();
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source fails');

    expect((await f.source(source.id)).lastError).toBe(
      'feed alpine: credentials rejected (HTTP 401 Unauthorized)',
    );
    expect(f.cloud.requests).toHaveLength(1);
  });

  it('backs off with growing, capped delays on retryable errors, then recovers', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    f.cloud.failNext('alpine', 503, 500, 503, 503);
    const source = await f.addSource('alpine');
    f.clock.holdAt(START + 5_000);
    f.start({ rates: QUICK });
    await until(async () => (await f.source(source.id)).status === 'backoff', 'the first failure');

    expect(await f.source(source.id)).toMatchObject({
      failures: 1,
      lastError: 'feed alpine: HTTP 503 Service Unavailable',
      nextRunAt: START + 10_000,
      cursor: null,
    });
    // 10 + 20 + 40 + 40 s of backoff, then the next run would follow after the 1 s interval.
    f.clock.holdAt(START + 110_500);
    await until(async () => (await f.source(source.id)).status === 'idle', 'the page after the failures');

    const attempts = f.cloud.requestsFor('alpine');
    expect(attempts.map((r) => r.status)).toEqual([503, 500, 503, 503, 200]);
    expect(gaps(attempts.map((r) => r.at))).toEqual([10_000, 20_000, 40_000, 40_000]);
    expect(await f.source(source.id)).toMatchObject({
      cursor: '1',
      failures: 0,
      lastSuccessAt: START + 110_000,
    });
    expect((await f.stored()).positions).toHaveLength(1);
  });

  it("waits at least as long as the cloud's Retry-After", async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    f.cloud.failNext('alpine', 429);
    await f.addSource('alpine');
    f.start({ rates: QUICK });
    await until(() => f.cloud.requests.length === 2, 'the retry');

    expect(f.cloud.requests[1]!.at - f.cloud.requests[0]!.at).toBe(RETRY_AFTER_S * 1000);
  });

  it('retries a page whose commit fails, storing nothing twice and keeping the cursor meanwhile', async () => {
    const feed = messages('spot-1', 4, START);
    f.cloud.addFeed('alpine', feed);
    const source = await f.addSource('alpine');
    // A real failure inside the commit transaction, after the first record of page 2 was written: the
    // function is JavaScript, so its "once" survives the rollback.
    let armed = true;
    f.storage.db.function('crash_once', (fixTime) => {
      const fire = armed && fixTime === feed[3]!.time;
      if (fire) armed = false;
      return fire ? 1 : 0;
    });
    f.storage.db.exec(`CREATE TEMP TRIGGER crash BEFORE INSERT ON positions WHEN crash_once(NEW.fix_time)
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    f.clock.holdAt(START + RATES.vendorSpacingMs + 1);
    f.start();
    await until(async () => (await f.source(source.id)).status === 'backoff', 'the failed commit');

    expect(await f.source(source.id)).toMatchObject({
      cursor: '2',
      failures: 1,
      lastError: 'SqliteError: disk I/O error (simulated)',
    });
    expect((await f.stored()).positions).toHaveLength(2);
    f.clock.holdAt(START + 3_600_000);
    await until(async () => (await f.source(source.id)).cursor === '4', 'the retried page');

    expect(f.cloud.requests.map((r) => r.cursor)).toEqual([null, '2', '2']);
    const { positions, messages: stored } = await f.stored();
    expect(positions.map((p) => p.fixTime).sort()).toEqual(feed.map((m) => m.time));
    expect(stored).toHaveLength(4);
  });
});
