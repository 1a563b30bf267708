import {
  simulatePhones,
  type PhoneFix,
  type PhonesOptions,
  type SimulatedPhones,
} from '../../../lib/simulated-phones.ts';

export interface OwntracksPhonesOptions extends PhonesOptions {
  /** The app's HTTP mode URL, e.g. `http://host:8080/ingest/owntracks`. */
  url: string;
  /** The device secret: the password of the app's HTTP authentication. */
  secret: string;
  /** The app's user name; default `sim`. */
  user?: string;
  /** Device ids, one per phone; default `phone1`, `phone2`… */
  devices?: readonly string[];
}

/**
 * Phones running the OwnTracks app in HTTP mode: each report is a POST of one `_type: location` message, with the
 * user and device in `X-Limit-U` / `X-Limit-D` and HTTP Basic authentication, as the app sends it. The device is
 * `user/device` on the hub.
 */
export function startOwntracksPhones(
  options: OwntracksPhonesOptions,
): SimulatedPhones & { identities: readonly string[] } {
  const user = options.user ?? 'sim';
  const devices = options.devices ?? Array.from({ length: options.phones }, (_, i) => `phone${i + 1}`);
  if (devices.length !== options.phones) {
    throw new Error(`${options.phones} phones need as many device ids, not ${devices.length}`);
  }
  const authorization = `Basic ${Buffer.from(`${user}:${options.secret}`).toString('base64')}`;
  const phones = simulatePhones(options, async (phone, fix) => {
    const device = devices[phone]!;
    const res = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-limit-u': user,
        'x-limit-d': device,
        authorization,
      },
      body: JSON.stringify(locationMessage(device, fix)),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  });
  return { ...phones, identities: devices.map((d) => `${user}/${d}`) };
}

/**
 * An OwnTracks location message: `tst` seconds, `vel` km/h and `cog` degrees as whole numbers, `acc` and `alt`
 * metres, `batt` percent with `bs` 1 (unplugged), `tid` the device's two-letter tracker id, `t` "t" (a report
 * made on the app's timer) and `conn` "m" (mobile data).
 */
export function locationMessage(device: string, fix: PhoneFix) {
  return {
    _type: 'location',
    tid: device.slice(-2).toUpperCase(),
    tst: Math.floor(fix.time / 1000),
    lat: Math.round(fix.lat * 1e6) / 1e6,
    lon: Math.round(fix.lon * 1e6) / 1e6,
    acc: fix.accuracy,
    alt: fix.altitude,
    vel: Math.round(fix.speed * 3.6),
    cog: Math.round(fix.course),
    batt: fix.battery,
    bs: 1,
    t: 't',
    conn: 'm',
  };
}
