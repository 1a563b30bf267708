import { SAMPLE_ROUTES, walkRoute } from '../../../lib/route-walk.ts';
import type { RunningSandbox, SandboxOptions, VendorSandbox } from '../../vendor.ts';
import { startFakeFollowAnalytics } from './start.ts';

/** A phone with the SDK records a location about every 20 s while its app is in use. */
const LOCATION_EVERY_MS = 20_000;
const APP = 'FAAPPLI_sandbox';

/**
 * A FollowAnalytics app with three phones walking into Toulouse: 400 minutes of locations, one more on a timer, and a place;
 * served with document 001's paging (1,000 a page by default, at most 10,000, out-of-range values take the default).
 */
export async function startFollowAnalyticsSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const every = LOCATION_EVERY_MS / options.speedUp;
  // Three walkers 2 km apart on the way into town, past the store; a location is 20 s of walking.
  const walks = [0, 1, 2].map((i) => walkRoute(SAMPLE_ROUTES.drive, 1.4, i * 2000));
  const running = await startFakeFollowAnalytics({
    port: options.port,
    apps: [APP],
    devices: 3,
    history: 400,
    rowsPerTick: 1,
    tickMs: every,
    path: (device, sequence) => walks[device % walks.length]!.at(sequence * LOCATION_EVERY_MS),
    places: [
      {
        name: 'Flagship store',
        identifier: 'FAPLACE_flagship',
        labels: ['store'],
        details: 'Place du Capitole',
        latitude: 43.6045,
        longitude: 1.4442,
      },
    ],
  });
  const { url, token } = running;
  return {
    url,
    howToConnect: [
      `API base ${url}/api; app ${APP}; send "Authorization: Token ${token}"`,
      'Limits: locations come in pages of per_page (1 to 10,000, default 1,000; a value out of range takes the ' +
        'default), with navigation links; page numbers from 1',
      `Three phones record a location every ${every / 1000} s in turn`,
      `Try: curl -H 'Authorization: Token ${token}' '${url}/api/apps/${APP}/locations?per_page=5&page=2'`,
      `A Trackway source: vendor "followanalytics", settings ` +
        `{"baseUrl":"${url}","appIdentifier":"${APP}","apiToken":"${token}"}`,
    ],
    // A sweep ends settleSeconds behind the vendor's clock; the demo's faster phones would wait a minute for it.
    sourceSettings: {
      baseUrl: url,
      appIdentifier: APP,
      apiToken: token,
      ...(options.speedUp > 1 ? { settleSeconds: 1 } : {}),
    },
    stop: () => running.stop(),
  };
}

export const followanalyticsSandbox: VendorSandbox = {
  title: 'FollowAnalytics API',
  start: startFollowAnalyticsSandbox,
};
