import { SAMPLE_ROUTES } from '../../../lib/route-walk.ts';
import type {
  DemoHub,
  RunningDemoPart,
  RunningSandbox,
  SandboxOptions,
  VendorSandbox,
} from '../../vendor.ts';
import { startFakeSigfoxCloud, type FakeSigfoxCloud } from './fake-sigfox-cloud.ts';
import { PAGE_LIMIT } from './paging.ts';

const MINUTE = 60_000;
/** The network allows 140 uplinks a day: a frame every 10 minutes is what a tracker can keep up. */
const FRAME_EVERY_MS = 10 * MINUTE;
const TRACKERS = '5f1a2b3c4d5e6f7081920a1b';
const SENSORS = '5f1a2b3c4d5e6f7081920a1c';
/** The frames' data (./simulated-device.ts) in the backend's custom payload grammar. */
export const FRAME_GRAMMAR = 'lat::int:32 lng::int:32 battery::uint:8';

/**
 * A Sigfox backend group with a GPS tracker on the sample drive and two sensors along the walk: an hour of frames,
 * one more from each device on a timer, behind HTTP Basic authentication and the document's paging.
 */
async function startCloud(options: SandboxOptions) {
  const every = FRAME_EVERY_MS / options.speedUp;
  const cloud = await startFakeSigfoxCloud({
    port: options.port,
    login: 'sandbox-api-login',
    password: 'sandbox-api-password',
    deviceTypes: [
      { id: TRACKERS, name: 'Asset trackers', payloadType: 'Geolocation', keepAlive: 0 },
      { id: SENSORS, name: 'Cold-chain sensors', payloadType: 'Custom', keepAlive: 0 },
    ],
    devices: [
      { id: '3F2A10', type: TRACKERS, name: 'Pallet tracker', route: SAMPLE_ROUTES.drive, speedMps: 10 },
      { id: '3F2A11', type: SENSORS, name: 'Fridge sensor 1', route: SAMPLE_ROUTES.walk, speedMps: 1 },
      { id: '3F2A12', type: SENSORS, name: 'Fridge sensor 2', route: SAMPLE_ROUTES.walk, speedMps: 1 },
    ],
    messageEveryMs: every,
  });
  const now = Date.now();
  for (let i = 6; i > 0; i--)
    for (const id of ['3F2A10', '3F2A11', '3F2A12']) cloud.addMessage(id, now - i * every);
  const basic = `${cloud.login}:${cloud.password}`;
  const running: RunningSandbox = {
    url: cloud.url,
    howToConnect: [
      `API base ${cloud.url}/api; HTTP Basic login ${cloud.login}, password ${cloud.password}`,
      `Limits: every request needs the Basic credentials (401 otherwise); lists come ${PAGE_LIMIT} at most a ` +
        'page (limit), newest first, with paging.next to follow',
      `Three devices send a frame every ${every / 1000} s; data is "${FRAME_GRAMMAR}"`,
      `Try: curl -u '${basic}' '${cloud.url}/api/devicetypes'`,
      `     curl -u '${basic}' '${cloud.url}/api/devices/3F2A10/messages?limit=2'`,
      `A Trackway source: vendor "sigfox", settings ` +
        `{"baseUrl":"${cloud.url}","login":"${cloud.login}","password":"${cloud.password}"}`,
    ],
    sourceSettings: { baseUrl: cloud.url, login: cloud.login, password: cloud.password },
    stop: () => cloud.stop(),
  };
  return { cloud, running };
}

export const sigfoxSandbox: VendorSandbox = {
  title: 'Sigfox backend API v1',
  start: async (options) => (await startCloud(options)).running,
};

/**
 * Sigfox in the demo: the backend calls the hub's receiver back with every frame and its location, as a user sets
 * it up: a device type whose payload grammar decodes the frames, a push source giving new devices that type, and
 * the callback URL with one of its secrets.
 */
export async function sigfoxDemo(hub: DemoHub): Promise<RunningDemoPart> {
  const { cloud, running } = await startCloud({ port: 0, speedUp: hub.speedUp });
  try {
    await connect(hub, cloud);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return {
    lines: [`${sigfoxSandbox.title}: ${cloud.url}, calling back the hub's Sigfox receiver with every frame`],
    stop: () => running.stop(),
  };
}

async function connect(hub: DemoHub, cloud: FakeSigfoxCloud) {
  const type = await hub.api<{ id: number }>('POST', '/api/v1/device-types', {
    name: 'Sigfox trackers and sensors',
    payloadType: 'custom',
    payloadConfig: FRAME_GRAMMAR,
  });
  const source = await hub.api<{ id: number }>('POST', '/api/v1/sources', {
    vendor: 'sigfox',
    kind: 'push',
    name: 'Sigfox callbacks (sandbox)',
    settings: { deviceTypeId: type.id },
  });
  const { secret } = await hub.api<{ secret: string }>('POST', `/api/v1/sources/${source.id}/secrets`, {
    name: 'Sigfox backend',
  });
  cloud.setCallback({
    url: `${hub.url}/ingest/sigfox/${source.id}`,
    headers: { 'x-trackway-secret': secret },
    geolocation: true,
  });
  // Every device sends a frame now, rather than at its next turn up to ten minutes away.
  cloud.tick();
}
