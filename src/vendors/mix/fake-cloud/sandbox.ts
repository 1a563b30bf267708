import { formatSince } from '../wire/dates.ts';
import type { RunningSandbox, SandboxOptions, VendorSandbox } from '../../vendor.ts';
import { startFakeMixCloud } from './fake-mix-cloud.ts';
import { TripGenerator } from './trip-generator.ts';

const MINUTE = 60_000;
/** A fleet's vans end a trip about every ten minutes each; three of them, in turn. */
const TRIP_EVERY_MS = 10 * MINUTE;
const TOULOUSE = { lat: 43.6045, lon: 1.4442 };
const VEHICLES = [
  '6f0b1c9e-1d2a-4c1e-9a51-3a1f0e6b7c01',
  '6f0b1c9e-1d2a-4c1e-9a51-3a1f0e6b7c02',
  '6f0b1c9e-1d2a-4c1e-9a51-3a1f0e6b7c03',
];

/**
 * A MiX fleet of three vans in Toulouse: 50 minutes of trips already ended, a new one every few minutes, and the
 * document's rules (X-Auth, `:since` at most an hour back or 413, 100 trips an answer).
 */
export async function startMixSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const fleet = new TripGenerator({ vehicles: VEHICLES, centre: TOULOUSE });
  const cloud = await startFakeMixCloud({
    port: options.port,
    vehicles: VEHICLES,
    token: 'mix-sandbox-token',
    tripsPerTick: 0,
  });
  const now = Date.now();
  for (let i = 15; i > 0; i--) cloud.add(fleet.trip(now - i * (TRIP_EVERY_MS / 3), now - i * 200_000, 8));
  const every = TRIP_EVERY_MS / 3 / options.speedUp;
  const timer = setInterval(
    () => cloud.add(fleet.trip(Date.now(), Date.now(), Math.min(8, every / MINUTE))),
    every,
  );
  const since = formatSince(now - 30 * MINUTE);
  return {
    url: cloud.url,
    howToConnect: [
      `API base ${cloud.url}; token ${cloud.token}, sent as the X-Auth header (or ?auth=)`,
      "Limits: :since more than an hour before the cloud's clock answers 413; at most 100 trips an answer, " +
        'from :since on in DeviceTimestamp order',
      `Three vans end a trip every ${Math.round(every / 1000)} s in turn; JSON, XML (.xml), CSV (.csv), JSONP (?callback=)`,
      ':since is YYYYMMDDHHmmss in UTC (or seconds since 1970), within the last hour',
      `Try: curl -H 'X-Auth: ${cloud.token}' '${cloud.url}/trips/${since}.json'`,
      `A Trackway source: vendor "mix", settings {"baseUrl":"${cloud.url}","token":"${cloud.token}"}`,
    ],
    sourceSettings: { baseUrl: cloud.url, token: cloud.token },
    async stop() {
      clearInterval(timer);
      await cloud.stop();
    },
  };
}

export const mixSandbox: VendorSandbox = { title: 'MiX trips API', start: startMixSandbox };
