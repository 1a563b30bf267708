import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MixDateError, parseSince } from '../wire/dates.ts';
import { presentTripsCsv } from '../wire/present-csv.ts';
import { presentTripsJson, presentTripsJsonp } from '../wire/present-json.ts';
import { presentTripsXml } from '../wire/present-xml.ts';
import { deviceTimestampOf, type MixTrip } from '../wire/trip.ts';
import { TripGenerator, type FleetOptions } from './trip-generator.ts';

const HOUR = 3_600_000;
/** Document 003: "Returns a maximum of 100 Trip resources". */
const MAX_TRIPS = 100;

export interface FakeMixOptions extends Partial<FleetOptions> {
  /** Default an ephemeral port on 127.0.0.1. */
  port?: number;
  /** The token clients send in X-Auth (or `auth`); default a random one. */
  token?: string;
  /** New trips per tick, ending at the tick's time; 0 makes none. */
  tripsPerTick?: number;
  tickMs?: number;
  /** The cloud's clock: what the one-hour rule and the `Date` header go by. */
  now?: () => number;
}

export interface MixRequest {
  path: string;
  since: string;
  status: number;
  returned: number;
  /** Arrival on the cloud's clock. */
  at: number;
}

export interface RunningFakeMix {
  url: string;
  token: string;
  /** Every trip the cloud holds, in the order made. */
  trips: MixTrip[];
  requests: MixRequest[];
  /** Adds trips (a test's own, or `makeTrips`'). */
  add(...trips: MixTrip[]): void;
  /** Trips the fleet drives, ending at the cloud's time; not yet added. */
  makeTrips(count: number): MixTrip[];
  stop(): Promise<void>;
}

/**
 * A MiX cloud on 127.0.0.1 serving `GET /trips/:since` as document 003 describes it: X-Auth (or `auth`), a
 * `:since` no older than an hour before its clock (413 otherwise), at most 100 trips from `:since` on in
 * DeviceTimestamp order, JSON, JSONP, XML and CSV. New trips appear on a timer, as a driving fleet's would.
 */
export async function startFakeMixCloud(options: FakeMixOptions = {}): Promise<RunningFakeMix> {
  const now = options.now ?? Date.now;
  const token = options.token ?? randomBytes(16).toString('hex');
  const fleet = new TripGenerator({ vehicles: options.vehicles ?? 3, ...options });
  const trips: MixTrip[] = [];
  const requests: MixRequest[] = [];
  const makeTrips = (count: number) => Array.from({ length: count }, () => fleet.trip(now(), now()));

  const server: Server = createServer((req, res) => {
    const request: MixRequest = { path: req.url ?? '', since: '', status: 200, returned: 0, at: now() };
    requests.push(request);
    const answer = (status: number, type: string, body: string) => {
      request.status = status;
      res.writeHead(status, { 'content-type': type, date: new Date(now()).toUTCString() }).end(body);
    };
    handle(req, token, now(), trips, request, answer);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const timer =
    options.tripsPerTick && options.tripsPerTick > 0
      ? setInterval(() => trips.push(...makeTrips(options.tripsPerTick!)), options.tickMs ?? 1000)
      : null;
  timer?.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    trips,
    requests,
    add: (...more) => trips.push(...more),
    makeTrips,
    async stop() {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function handle(
  req: IncomingMessage,
  token: string,
  now: number,
  trips: MixTrip[],
  request: MixRequest,
  answer: (status: number, type: string, body: string) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://mix');
  const match = /^\/trips\/([^/.]+)(?:\.(json|xml|csv))?$/.exec(url.pathname);
  if (req.method !== 'GET' || !match) return answer(404, 'text/plain', 'Not Found');
  const q = url.searchParams;
  if ((req.headers['x-auth'] ?? q.get('auth')) !== token) return answer(401, 'text/plain', 'Unauthorized');
  const [, since = '', ext] = match;
  request.since = since;
  let from: number;
  try {
    from = parseSince(since);
  } catch (err) {
    if (err instanceof MixDateError) return answer(400, 'text/plain', err.message);
    throw err;
  }
  if (from < now - HOUR) return answer(413, 'text/plain', 'Request Entity Too Large');
  const vehicles = list(q.get('vehicle_ids'));
  // "This parameter cannot be used in conjunction with the vehicle_ids parameter and will be ignored".
  const drivers = vehicles ? null : list(q.get('driver_ids'));
  const page = trips
    .filter((t) => deviceTimestampOf(t) >= from)
    .filter((t) => !vehicles || vehicles.has(t.VehicleId))
    .filter((t) => !drivers || drivers.has(t.DriverId ?? ''))
    .sort((a, b) => deviceTimestampOf(a) - deviceTimestampOf(b))
    .slice(0, MAX_TRIPS);
  request.returned = page.length;
  const format =
    ext ??
    (/xml/.test(req.headers.accept ?? '') ? 'xml' : /csv/.test(req.headers.accept ?? '') ? 'csv' : 'json');
  const style = {
    dateFormat: (q.get('date_format') ?? req.headers['x-dateformat']) === '2' ? 2 : 0,
    timeZone: 'UTC',
  } as const;
  const callback = q.get('callback');
  if (format === 'xml') return answer(200, 'application/xml', presentTripsXml(page, 'UTC'));
  if (format === 'csv') return answer(200, 'text/csv', presentTripsCsv(page, 'UTC'));
  if (callback) return answer(200, 'application/javascript', presentTripsJsonp(callback, page, style));
  return answer(200, 'application/json', presentTripsJson(page, style));
}

function list(value: string | null): Set<string> | null {
  const ids =
    value
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  return ids.length ? new Set(ids) : null;
}
