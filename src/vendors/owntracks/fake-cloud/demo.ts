import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import type { DemoHub, RunningDemoPart } from '../../vendor.ts';
import { OWNTRACKS_PREFIX } from '../receiver/routes.ts';
import { startOwntracksPhones } from './phone-simulator.ts';

/**
 * OwnTracks in the demo, set up as a user would: a push source and its secret, and two phones in the app's HTTP
 * mode driving the sample route. MQTT mode needs the broker set when the hub starts (docs/receivers), which the
 * demo's hub does not have.
 */
export async function owntracksDemo(hub: DemoHub): Promise<RunningDemoPart> {
  const source = await hub.api<{ id: number }>('POST', '/api/v1/sources', {
    vendor: 'owntracks',
    kind: 'push',
    name: 'OwnTracks phones',
  });
  const { secret } = await hub.api<{ secret: string }>('POST', `/api/v1/sources/${source.id}/secrets`, {
    name: 'demo phones',
  });
  const url = `${hub.url}${OWNTRACKS_PREFIX}`;
  const intervalMs = Math.max(1000, 5000 / hub.speedUp);
  const phones = startOwntracksPhones({
    url,
    secret,
    user: 'demo',
    phones: 2,
    devices: ['van', 'car'],
    route: SAMPLE_ROUTES.drive,
    speedMps: 12,
    intervalMs,
  });
  return {
    lines: [
      `OwnTracks: 2 phones in HTTP mode report every ${intervalMs / 1000} s to ${url} ` +
        '(MQTT mode is not part of the demo: it needs a broker configured when the hub starts)',
    ],
    stop: () => phones.stop(),
  };
}
