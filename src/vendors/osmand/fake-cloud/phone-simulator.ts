import {
  simulatePhones,
  type PhoneFix,
  type PhonesOptions,
  type SimulatedPhones,
} from '../../../lib/simulated-phones.ts';

/** m/s to knots: the OsmAnd protocol sends speed in knots. */
const MPS_KNOTS = 3600 / 1852;

export interface OsmandPhonesOptions extends PhonesOptions {
  /** The server URL an app would be given, e.g. `http://host:8080/ingest/osmand` or `http://host:5055/`. */
  baseUrl: string;
  /** The device secret, sent as the `token` parameter. */
  secret: string;
  /** Device identifiers, one per phone; default `sim-1`, `sim-2`… */
  ids?: readonly string[];
}

/**
 * Phones running Traccar Client (the OsmAnd protocol): each report is a POST of the fix in the query string with
 * an empty body, as the app sends it — `id`, `timestamp` (seconds), `lat`, `lon`, `speed` (knots), `bearing`,
 * `altitude`, `accuracy`, `batt` — with the secret as the `token` parameter kept in the server URL.
 */
export function startOsmandPhones(
  options: OsmandPhonesOptions,
): SimulatedPhones & { ids: readonly string[] } {
  const ids = options.ids ?? Array.from({ length: options.phones }, (_, i) => `sim-${i + 1}`);
  if (ids.length !== options.phones)
    throw new Error(`${options.phones} phones need as many ids, not ${ids.length}`);
  const phones = simulatePhones(options, async (phone, fix) => {
    const url = new URL(options.baseUrl);
    url.searchParams.set('token', options.secret);
    for (const [k, v] of Object.entries(fields(ids[phone]!, fix))) url.searchParams.set(k, v);
    const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  });
  return { ...phones, ids };
}

/** One report's fields, as Traccar Client names them. */
export function fields(id: string, fix: PhoneFix): Record<string, string> {
  return {
    id,
    timestamp: String(Math.floor(fix.time / 1000)),
    lat: fix.lat.toFixed(6),
    lon: fix.lon.toFixed(6),
    speed: (fix.speed * MPS_KNOTS).toFixed(2),
    bearing: fix.course.toFixed(1),
    altitude: String(fix.altitude),
    accuracy: String(fix.accuracy),
    batt: String(fix.battery),
  };
}
