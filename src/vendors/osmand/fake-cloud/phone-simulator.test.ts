import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../ingest/testing/fixture.ts';
import { startPushHub } from '../../../ingest/push/testing/push-hub.ts';
import { distance } from '../../../lib/geodesy.ts';
import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import { osmandVendor } from '../index.ts';
import { startOsmandPhones } from './phone-simulator.ts';

describe('simulated OsmAnd phones (Traccar Client) against a running hub', () => {
  let hub: Awaited<ReturnType<typeof startPushHub>>;
  // One hub for the file: starting the whole hub takes seconds on a busy machine.
  beforeAll(async () => {
    hub = await startPushHub(osmandVendor);
  }, 30_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('reports each phone’s fixes along the route, and the hub stores them as positions', async () => {
    const startMs = Date.now() - 3_600_000;
    const phones = startOsmandPhones({
      baseUrl: `${hub.url}/ingest/osmand`,
      secret: hub.secret,
      phones: 2,
      route: SAMPLE_ROUTES.walk,
      intervalMs: 20,
      stepMs: 15_000,
      startMs,
    });
    try {
      await until(() => phones.outcomes.length >= 10, 'five reports of each phone', 10_000);
    } finally {
      await phones.stop();
    }
    expect(phones.outcomes.filter((o) => o.status !== 200)).toEqual([]);
    for (const [i, id] of phones.ids.entries()) {
      const sent = phones.outcomes.filter((o) => o.phone === i);
      const stored = await hub.positions(id);
      expect(stored.map((p) => Date.parse(p.fixTime))).toEqual(
        sent.map((o) => Math.floor(o.time / 1000) * 1000),
      );
      // A walk: 15 s at 1.4 m/s between fixes, close to the route's first leg or the next.
      for (let k = 1; k < stored.length; k++) expect(distance(stored[k - 1]!, stored[k]!)).toBeLessThan(25);
      expect(stored[0]).toMatchObject({ speed: expect.closeTo(1.4 * 3.6, 1), accuracy: expect.any(Number) });
    }
    // The two phones start at different places along the route.
    const [a, b] = await Promise.all(phones.ids.map((id) => hub.positions(id)));
    expect(distance(a![0]!, b![0]!)).toBeGreaterThan(100);
  });

  it('is refused with a wrong secret, and the hub stores nothing', async () => {
    const phones = startOsmandPhones({
      baseUrl: `${hub.url}/ingest/osmand`,
      secret: 'dev_wrong',
      phones: 1,
      ids: ['refused-1'],
    });
    expect((await phones.tick()).map((o) => o.status)).toEqual([401]);
    await phones.stop();
    expect(await hub.positions('refused-1')).toEqual([]);
  });
});
