import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LatLon } from '../../../lib/geodesy.ts';
import { answerCloudRequest, type CloudState } from './endpoints.ts';
import type { CloudRow, CloudTracker } from './rows.ts';
import { telemetry } from './rows.ts';

export type { CloudTracker } from './rows.ts';

export interface FakeGps365Options {
  /** Default: an ephemeral port on 127.0.0.1. */
  port?: number;
  /** How many trackers (ids 100, 101…), or the trackers themselves. Default 2. */
  trackers?: number | CloudTracker[];
  /** Rows each tracker already has: one every `stepMs` of tracker time up to now, received 2 s later. */
  history?: { rows: number; stepMs: number };
  /** Rows each tracker sends per tick of `tickMs` (default 5 s); 0 (default): none, tests add rows. */
  rowsPerTick?: number;
  tickMs?: number;
  /** The cloud's clock; tests move it by hand. */
  now?: () => number;
  /** Where the n-th row (from 1) of a tracker is; by default each tracker drives a straight line east. */
  path?: (trackerId: number, n: number) => LatLon;
  token?: string;
  /** Called before each answer with the endpoint, for tests that act between two requests. */
  onRequest?: (endpoint: string, body: string) => void;
}

export interface FakeGps365 {
  /** The API base: `<url>/trackers/list` etc. */
  url: string;
  token: string;
  trackers: CloudTracker[];
  rows: CloudRow[];
  /** Requests answered, in order. */
  requests: { endpoint: string; body: string }[];
  /** Adds `count` new rows to a tracker, received now, or rows at given tracker and server times. */
  add(trackerId: number, rows: number | { date: number; receivedAt?: number }[]): CloudRow[];
  stop(): Promise<void>;
}

const SECOND = 1000;
const floorSecond = (ms: number) => Math.floor(ms / SECOND) * SECOND;

/**
 * A GPS365 Coordinates API on 127.0.0.1, written from document 002 (not from Trackway's facade), enforcing its
 * windows and limits (./endpoints.ts), with trackers that receive new rows on a timer.
 */
export async function startFakeGps365(options: FakeGps365Options = {}): Promise<FakeGps365> {
  const now = options.now ?? Date.now;
  const token = options.token ?? '392ea8428d10b0392c399c93810045a9';
  const trackers =
    typeof options.trackers === 'object'
      ? options.trackers
      : Array.from({ length: options.trackers ?? 2 }, (_, i) => tracker(100 + i));
  const state: CloudState = { token, trackers, rows: [], now: () => floorSecond(now()) };
  const counts = new Map<number, number>();
  let seq = 0;
  const add = (trackerId: number, spec: number | { date: number; receivedAt?: number }[]) => {
    const at = state.now();
    const list =
      typeof spec === 'number'
        ? Array.from({ length: spec }, (_, i) => ({ date: at - (spec - i) * SECOND, receivedAt: at }))
        : spec;
    return list.map(({ date, receivedAt }) => {
      const n = (counts.get(trackerId) ?? 0) + 1;
      counts.set(trackerId, n);
      const row: CloudRow = {
        trackerId,
        date: floorSecond(date),
        receivedAt: floorSecond(receivedAt ?? at),
        seq: ++seq,
        fields: placed(telemetry(trackerId, n), options.path?.(trackerId, n)),
      };
      state.rows.push(row);
      return row;
    });
  };
  if (options.history) {
    const { rows, stepMs } = options.history;
    const end = state.now();
    for (const t of trackers) {
      add(
        t.id,
        Array.from({ length: rows }, (_, i) => {
          const date = end - (rows - i) * stepMs;
          return { date, receivedAt: Math.min(end, date + 2 * SECOND) };
        }),
      );
    }
  }
  const requests: { endpoint: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const endpoint = (req.url ?? '').split('?')[0]!.replace(/^\/api\//, '');
      options.onRequest?.(endpoint, body);
      requests.push({ endpoint, body });
      const { status, envelope } =
        req.method === 'POST'
          ? answerCloudRequest(state, endpoint, body)
          : { status: 404, envelope: error(404, 'Not found') };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(envelope));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const rowsPerTick = options.rowsPerTick ?? 0;
  const timer =
    rowsPerTick > 0
      ? setInterval(() => trackers.forEach((t) => add(t.id, rowsPerTick)), options.tickMs ?? 5 * SECOND)
      : null;
  timer?.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    token,
    trackers,
    rows: state.rows,
    requests,
    add,
    stop: async () => {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function placed(fields: Record<string, unknown>, at: LatLon | undefined): Record<string, unknown> {
  if (!at) return fields;
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  return { ...fields, latitude: round6(at.lat), longitude: round6(at.lon) };
}

function tracker(id: number): CloudTracker {
  return {
    id,
    title: `Tracker #${id - 99}`,
    description: id === 100 ? 'First tracker' : null,
    group: 'Tracker',
    phone: `+43688123456${String(id).padStart(3, '0')}`,
    imei: `0133422688755${String(id).padStart(3, '0')}`,
    iccid: `8943${String(id).padStart(15, '0')}`,
    serial_number: String(10_000 + id),
  };
}

export function error(code: number, message: string) {
  return { response: { status: 'error', code, message } };
}
