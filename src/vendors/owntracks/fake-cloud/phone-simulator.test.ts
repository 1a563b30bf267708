import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../ingest/testing/fixture.ts';
import { startPushHub } from '../../../ingest/push/testing/push-hub.ts';
import { distance } from '../../../lib/geodesy.ts';
import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import { owntracksVendor } from '../index.ts';
import { startOwntracksPhones } from './phone-simulator.ts';

describe('simulated OwnTracks phones (HTTP mode) against a running hub', () => {
  let hub: Awaited<ReturnType<typeof startPushHub>>;
  // One hub for the file: starting the whole hub takes seconds on a busy machine.
  beforeAll(async () => {
    hub = await startPushHub(owntracksVendor);
  }, 30_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('posts location messages as user/device, and the hub stores them as positions', async () => {
    const phones = startOwntracksPhones({
      url: `${hub.url}/ingest/owntracks`,
      secret: hub.secret,
      user: 'alice',
      phones: 2,
      route: SAMPLE_ROUTES.drive,
      speedMps: 13,
      intervalMs: 20,
      stepMs: 30_000,
      startMs: Date.now() - 3_600_000,
    });
    try {
      await until(() => phones.outcomes.length >= 10, 'five reports of each phone', 10_000);
    } finally {
      await phones.stop();
    }
    expect(phones.identities).toEqual(['alice/phone1', 'alice/phone2']);
    expect(phones.outcomes.filter((o) => o.status !== 200)).toEqual([]);
    for (const [i, identity] of phones.identities.entries()) {
      const sent = phones.outcomes.filter((o) => o.phone === i);
      const stored = await hub.positions(identity);
      expect(stored.map((p) => Date.parse(p.fixTime))).toEqual(
        sent.map((o) => Math.floor(o.time / 1000) * 1000),
      );
      // 30 s at 13 m/s between fixes: at most 390 m apart, and moving.
      for (let k = 1; k < stored.length; k++) {
        expect(distance(stored[k - 1]!, stored[k]!)).toBeLessThan(391);
        expect(distance(stored[k - 1]!, stored[k]!)).toBeGreaterThan(100);
      }
      expect(stored[0]).toMatchObject({ speed: 47, attributes: { tid: `E${i + 1}`, batteryLevel: 100 } });
    }
  });

  it('is refused with a wrong secret, and the hub stores nothing', async () => {
    const phones = startOwntracksPhones({
      url: `${hub.url}/ingest/owntracks`,
      secret: 'dev_wrong',
      phones: 1,
    });
    expect((await phones.tick()).map((o) => o.status)).toEqual([401]);
    await phones.stop();
    expect(await hub.positions('sim/phone1')).toEqual([]);
  });
});
