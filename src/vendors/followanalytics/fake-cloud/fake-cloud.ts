import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'csv-stringify/sync';
import { parseIsoDate } from '../iso-date.ts';
import {
  ERROR_MESSAGES,
  LOCATION_FIELDS,
  listParam,
  pageParam,
  perPageParam,
  type FaErrorEnvelope,
  type FaLocationsPage,
  type FaPlace,
  type LocationField,
} from '../wire.ts';
import { FakeApp, rowFields, type RowFilter } from './fake-app.ts';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** On the cloud's clock. */
  at: number;
  status: number;
}

/** What the next request is answered with instead of its answer: an HTTP status and body, or no answer at all. */
export type FakeFailure = { status: number; body: string } | 'stall';

class Refusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly envelope: FaErrorEnvelope,
  ) {
    super(envelope.error_message);
  }
}

const refuse = (httpStatus: number, status: string, message: string) =>
  new Refusal(httpStatus, { status, success: false, error_message: message });

/**
 * A FollowAnalytics cloud on 127.0.0.1, written from document 001: app locations (paged list with navigation,
 * CSV export, every filter), places with archive and restore, and the import template. Requests need
 * `Authorization: Token <token>`. The `Date` header of each answer is the cloud's clock.
 */
export class FakeFollowAnalyticsCloud {
  readonly token = randomBytes(16).toString('hex');
  readonly requests: FakeRequest[] = [];
  readonly apps = new Map<string, FakeApp>();
  readonly places = new Map<string, FaPlace>();
  /** Answers for the next requests, first first, instead of what they ask for. */
  readonly failures: FakeFailure[] = [];
  private server: Server | null = null;
  private url = '';

  constructor(readonly now: () => number = Date.now) {}

  addApp(identifier: string, devices: number, path?: ConstructorParameters<typeof FakeApp>[2]): FakeApp {
    const app = new FakeApp(identifier, devices, path);
    this.apps.set(identifier, app);
    return app;
  }

  addPlace(place: Omit<FaPlace, 'archived' | 'archived_at'> & Partial<FaPlace>): FaPlace {
    const full = { archived: false, archived_at: null, ...place };
    this.places.set(place.identifier, full);
    return full;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      at: this.now(),
      status: 200,
    };
    this.requests.push(request);
    const body = await readBody(req);
    res.setHeader('date', new Date(this.now()).toUTCString());
    const failure = this.failures.shift();
    if (failure === 'stall') return;
    if (failure) {
      request.status = failure.status;
      res.writeHead(failure.status, { 'content-type': 'application/json' }).end(failure.body);
      return;
    }
    try {
      if (req.headers.authorization !== `Token ${this.token}`) {
        throw refuse(401, 'unauthorized', 'Invalid API token');
      }
      const answer = this.route(request.method, url, body);
      if (typeof answer === 'string') {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(answer);
      } else {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      request.status = err.httpStatus;
      res.writeHead(err.httpStatus, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(err.envelope));
    }
  }

  private route(method: string, url: URL, body: string): unknown {
    const path = url.pathname;
    const q = url.searchParams;
    let m = /^\/api\/apps\/([^/]+)\/(locations|locations_export)$/.exec(path);
    if (m && method === 'GET') {
      const app = this.apps.get(decodeURIComponent(m[1]!));
      if (!app) throw refuse(404, 'not_found', ERROR_MESSAGES.appNotFound);
      const rows = app.select(filterOf(q));
      const fields = fieldsOf(q);
      if (m[2] === 'locations_export') {
        const columns = ['location_id', ...fields.filter((f) => f !== 'location_id')];
        return stringify(
          rows.map((r) => rowFields(r, fields)),
          { header: true, columns },
        );
      }
      return this.page(
        url,
        rows.map((r) => rowFields(r, fields)),
      );
    }
    if (path === '/api/location/generate_import_template' && method === 'GET') {
      const format = q.get('template_format') ?? 'csv';
      // Answered 200, as the document shows.
      if (format !== 'csv') return envelope('bad_request', ERROR_MESSAGES.unsupportedTemplate(format));
      return stringify([['name', 'details', 'latitude', 'longitude', 'labels']]);
    }
    if (path === '/api/locations') {
      if (method === 'GET') return { success: true, result: [...this.places.values()] };
      if (method === 'POST') return { success: true, result: this.create(parseJson(body)) };
    }
    m = /^\/api\/locations\/([^/]+?)(?:\/(archive|restore))?$/.exec(path);
    if (m) {
      const place = this.places.get(decodeURIComponent(m[1]!));
      if (!place) throw refuse(404, 'not_found', ERROR_MESSAGES.locationNotFound);
      if (method === 'GET' && !m[2]) return { success: true, result: place };
      if (method === 'PUT' && m[2] === 'archive') {
        Object.assign(place, { archived: true, archived_at: new Date(this.now()).toISOString() });
        return { success: true, result: place };
      }
      if (method === 'PUT' && m[2] === 'restore') {
        Object.assign(place, { archived: false, archived_at: null });
        return { success: true, result: place };
      }
      if (method === 'PUT') {
        // "the only fields that can be changed for a location are: the location name, details and labels".
        const change = parseJson(body);
        if (typeof change.name === 'string') place.name = change.name;
        if (typeof change.details === 'string') place.details = change.details;
        if (isStrings(change.labels)) place.labels = change.labels;
        return { success: true, result: place };
      }
    }
    throw refuse(404, 'not_found', 'Not found');
  }

  private page(url: URL, items: ReturnType<typeof rowFields>[]): FaLocationsPage {
    const page = pageParam(url.searchParams.get('page') ?? undefined);
    const perPage = perPageParam(url.searchParams.get('per_page') ?? undefined);
    const totalPages = Math.ceil(items.length / perPage);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const at = (n: number) => {
      const link = new URL(url);
      link.searchParams.set('page', String(n));
      return link.toString();
    };
    const last = Math.max(1, totalPages);
    return {
      result: {
        items: slice,
        total_pages: totalPages,
        total_items: items.length,
        item_count: slice.length,
        navigation: {
          first: at(1),
          prev: at(Math.max(1, page - 1)),
          next: at(Math.min(last, page + 1)),
          last: at(last),
        },
      },
      success: true,
    };
  }

  private create(input: Record<string, unknown>): FaPlace {
    const { name, details, latitude, longitude, labels } = input;
    if (typeof name !== 'string' || !name) throw refuse(400, 'bad_request', 'name is required');
    if (typeof latitude !== 'number' || latitude < -90 || latitude > 90) {
      throw refuse(400, 'bad_request', 'The latitude must be between -90 and 90');
    }
    if (typeof longitude !== 'number' || longitude < -180 || longitude > 180) {
      throw refuse(400, 'bad_request', 'The longitude must be between -180 and 180');
    }
    return this.addPlace({
      name,
      identifier: `FALOC_${randomBytes(4).toString('hex')}`,
      details: typeof details === 'string' ? details : null,
      labels: isStrings(labels) ? labels : [],
      latitude,
      longitude,
    });
  }
}

function filterOf(q: URLSearchParams): RowFilter {
  const date = (name: string) => {
    const value = q.get(name);
    if (!value) return null;
    const t = parseIsoDate(value);
    if (t == null) throw refuse(400, 'bad_request', ERROR_MESSAGES.wrongDate);
    return t;
  };
  const number = (name: string) => {
    const value = q.get(name);
    return value == null || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
  };
  return {
    sessionIds: listParam(q.get('session_ids') ?? undefined),
    deviceIds: listParam(q.get('device_ids') ?? undefined),
    latitude: number('latitude'),
    longitude: number('longitude'),
    since: date('since_date'),
    until: date('until_date'),
  };
}

function fieldsOf(q: URLSearchParams): LocationField[] {
  const asked = listParam(q.get('fields') ?? undefined);
  return asked.length ? LOCATION_FIELDS.filter((f) => asked.includes(f)) : [...LOCATION_FIELDS];
}

function envelope(status: string, message: string): FaErrorEnvelope {
  return { status, success: false, error_message: message };
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Answered below, as any body that is not an object.
  }
  throw refuse(400, 'bad_request', 'The body must be a JSON object');
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
