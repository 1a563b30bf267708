import { SAMPLE_ROUTES, walkRoute } from '../../../lib/route-walk.ts';
import type { DemoHub, RunningDemoPart } from '../../vendor.ts';
import { OSMAND_PREFIX } from '../receiver/routes.ts';
import { startOsmandPhones } from './phone-simulator.ts';

const MINUTE = 60_000;
/** Cyclists along the Garonne, fast enough to ride into the place within seconds. */
const SPEED_MPS = 5;
const QUIET_PHONE = 'sim-quiet';

/**
 * OsmAnd in the demo, set up as a user would: a push source and its secret, three phones running Traccar Client
 * along the river, a place ahead of the first one (an enter event within seconds), and a phone that stopped
 * reporting minutes ago, whose half-minute silence threshold turns it red at the hub's next silence check (the
 * hub checks once a minute).
 */
export async function osmandDemo(hub: DemoHub): Promise<RunningDemoPart> {
  const source = await hub.api<{ id: number }>('POST', '/api/v1/sources', {
    vendor: 'osmand',
    kind: 'push',
    name: 'Traccar Client phones',
  });
  const { secret } = await hub.api<{ secret: string }>('POST', `/api/v1/sources/${source.id}/secrets`, {
    name: 'demo phones',
  });
  // The first phone starts at the route's first waypoint: the place lies 150 m on, 60 m around.
  const gate = walkRoute(SAMPLE_ROUTES.walk, 1).at(150_000);
  await hub.api('POST', '/api/v1/places', {
    name: 'Pont Neuf',
    latitude: gate.lat,
    longitude: gate.lon,
    radius: 60,
  });
  const riders = ['sim-rider-1', 'sim-rider-2', 'sim-rider-3'];
  for (const [i, id] of riders.entries()) {
    // A rider crosses the place in 24 s: ten seconds inside count as entering (docs/derived.md, placeDwell).
    await hub.api('POST', '/api/v1/devices', {
      name: `Rider ${i + 1}`,
      externalIds: [{ vendor: 'osmand', externalId: id }],
      attributes: { derive: { placeDwell: 10 } },
    });
  }
  await hub.api('POST', '/api/v1/devices', {
    name: 'Quiet phone',
    externalIds: [{ vendor: 'osmand', externalId: QUIET_PHONE }],
    attributes: { silenceMinutes: 0.5 },
  });
  const baseUrl = `${hub.url}${OSMAND_PREFIX}`;
  const intervalMs = Math.max(1000, 5000 / hub.speedUp);
  const phones = startOsmandPhones({
    baseUrl,
    secret,
    phones: riders.length,
    ids: riders,
    route: SAMPLE_ROUTES.walk,
    speedMps: SPEED_MPS,
    intervalMs,
  });
  // Three fixes from five minutes ago, then nothing.
  const quiet = startOsmandPhones({
    baseUrl,
    secret,
    phones: 1,
    ids: [QUIET_PHONE],
    route: SAMPLE_ROUTES.drive,
    speedMps: 10,
    stepMs: 20_000,
    startMs: Date.now() - 5 * MINUTE,
  });
  for (let i = 0; i < 3; i++) await quiet.tick();
  await quiet.stop();
  return {
    lines: [
      `OsmAnd: 3 phones (Traccar Client) report every ${intervalMs / 1000} s to ${baseUrl}; ` +
        `"Quiet phone" stopped 5 minutes ago`,
    ],
    stop: () => phones.stop(),
  };
}
