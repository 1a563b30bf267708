import { SAMPLE_ROUTES, walkRoute } from '../../../lib/route-walk.ts';
import type { RunningSandbox, SandboxOptions, VendorSandbox } from '../../vendor.ts';
import { startFakeGps365 } from './fake-cloud.ts';

const MINUTE = 60_000;
/** A vehicle tracker reports about every 30 s while driving. */
const ROW_EVERY_MS = 30_000;

/**
 * A GPS365 account with three vehicle trackers driving the sample route through Toulouse: an hour of history and
 * new rows on a timer, served with document 002's windows and row limits (./endpoints.ts).
 */
export async function startGps365Sandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const every = ROW_EVERY_MS / options.speedUp;
  // Trackers 100, 101, 102 start 3 km apart; a row is 30 s of driving.
  const walks = [0, 1, 2].map((i) => walkRoute(SAMPLE_ROUTES.drive, 12, i * 3000));
  const cloud = await startFakeGps365({
    port: options.port,
    trackers: 3,
    history: { rows: 60, stepMs: MINUTE },
    rowsPerTick: 1,
    tickMs: every,
    path: (trackerId, n) => walks[(trackerId - 100) % walks.length]!.at(n * ROW_EVERY_MS),
  });
  // The connector's shortest poll is 10 s; the document advises every few minutes, which the demo would wait for.
  const pollSeconds = options.speedUp > 1 ? 10 : 180;
  const form = (endpoint: string, fields: string) =>
    `curl -d 'api_token=${cloud.token}${fields}' '${cloud.url}/${endpoint}'`;
  return {
    url: cloud.url,
    howToConnect: [
      `API base ${cloud.url}; api_token ${cloud.token}, in the POST form of every request`,
      'Limits: coordinates/list reads five weeks of tracker time, 100 rows a tracker (5,000 for one tracker with ' +
        'a start date); coordinates/historic one week of server time, 500 rows a tracker a page (10,000 for one)',
      `Trackers 100, 101, 102 each send a row every ${every / 1000} s`,
      `Try: ${form('trackers/list', '')}`,
      `     ${form('coordinates/historic', '&start_date=2000-01-01 00:00:00')}`,
      `A Trackway source: vendor "gps365", settings {"baseUrl":"${cloud.url}","apiToken":"${cloud.token}"}`,
    ],
    sourceSettings: { baseUrl: cloud.url, apiToken: cloud.token, pollSeconds, backfillDays: 1, live: true },
    stop: () => cloud.stop(),
  };
}

export const gps365Sandbox: VendorSandbox = { title: 'GPS365 Coordinates API', start: startGps365Sandbox };
