import type { LatLon } from '../../../lib/geodesy.ts';
import type { FaPlace } from '../wire.ts';
import { FakeFollowAnalyticsCloud } from './fake-cloud.ts';

export interface FakeCloudOptions {
  /** Port on 127.0.0.1; an ephemeral one by default. */
  port?: number;
  /** Application identifiers; one by default. */
  apps?: string[];
  /** Devices per app. */
  devices?: number;
  /** Locations each app records per tick, from its devices in turn; 0 stops the timer. */
  rowsPerTick?: number;
  tickMs?: number;
  /** Locations per device recorded before the start, one a minute up to now. */
  history?: number;
  places?: Omit<FaPlace, 'archived' | 'archived_at'>[];
  /** Where the n-th location of the i-th device of each app is (from 0); straight lines by default. */
  path?: (device: number, sequence: number) => LatLon;
  now?: () => number;
}

export interface RunningFakeCloud {
  /** The base URL: the API is under `${url}/api`. */
  url: string;
  /** Send it as `Authorization: Token <token>`. */
  token: string;
  cloud: FakeFollowAnalyticsCloud;
  stop(): Promise<void>;
}

/** Starts a FollowAnalytics cloud whose apps record locations on a timer (for demos and tests). */
export async function startFakeFollowAnalytics(options: FakeCloudOptions = {}): Promise<RunningFakeCloud> {
  const now = options.now ?? Date.now;
  const cloud = new FakeFollowAnalyticsCloud(now);
  const apps = (options.apps ?? ['FAAPPLI_demo']).map((id) =>
    cloud.addApp(id, options.devices ?? 3, options.path),
  );
  const history = options.history ?? 0;
  for (let i = history; i > 0; i--) {
    for (const app of apps) app.record(app.deviceIds.length, now() - i * 60_000);
  }
  for (const place of options.places ?? []) cloud.addPlace(place);
  const url = await cloud.start(options.port ?? 0);
  const perTick = options.rowsPerTick ?? 1;
  const timer =
    perTick > 0
      ? setInterval(() => {
          for (const app of apps) app.record(perTick, now());
        }, options.tickMs ?? 1000)
      : null;
  return {
    url,
    token: cloud.token,
    cloud,
    async stop() {
      if (timer) clearInterval(timer);
      await cloud.close();
    },
  };
}
