import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dataCallbackBody,
  geolocationCallbackBody,
  sendCallback,
  type CallbackOutcome,
  type DataCallbackConfig,
} from './data-callback.ts';
import { BadRequest, listPage, offsetPage, readPageQuery, timePage, type Page } from './paging.ts';
import { SimulatedDevice, type FakeDevice, type FakeDeviceType, type Frame } from './simulated-device.ts';
import {
  deviceInfoView,
  deviceTypeView,
  deviceView,
  locationView,
  messageView,
  snrBand,
  type Account,
  type DeviceState,
} from './views.ts';

export interface FakeSigfoxCloudOptions {
  /** Default 0: an ephemeral port on 127.0.0.1. */
  port?: number;
  /** The API credentials of the account's group. */
  login: string;
  password: string;
  deviceTypes: readonly FakeDeviceType[];
  devices: readonly FakeDevice[];
  /** Every device sends a frame this often (real time); off when absent. */
  messageEveryMs?: number;
  /** The time frames are sent at, epoch milliseconds; default the system clock. */
  now?: () => number;
  /** A DATA callback of every device type, called for each new frame. */
  callback?: DataCallbackConfig;
}

export interface CloudRequest {
  path: string;
  status: number;
}

export interface FakeSigfoxCloud {
  /** Base URL, without `/api`: what a client's `baseUrl` is. */
  readonly url: string;
  readonly login: string;
  readonly password: string;
  /** Every request answered, in order. */
  readonly requests: readonly CloudRequest[];
  /** Every callback sent, in order, once answered. */
  readonly callbacks: readonly CallbackOutcome[];
  /** Every frame the devices sent, in the order they arrived. */
  frames(): readonly Frame[];
  /** `device` sends its next frame, at `atMs` (default now); a device never sends two in one second. */
  addMessage(device: string, atMs?: number): Frame;
  /** Every device sends its next frame now. */
  tick(): Frame[];
  /** From now on, calls `config` back with each new frame (a callback defined once the receiver exists). */
  setCallback(config: DataCallbackConfig): void;
  /** Stops the timer, waits for the callbacks in flight, and closes the server. */
  stop(): Promise<void>;
}

/**
 * The Sigfox backend REST API v1 (document 004) on 127.0.0.1, written from the document: HTTP Basic
 * authentication, the device types, their devices and messages, each device's messages and locations, paged as
 * the document pages them, newest first. Simulated devices move along routes and send frames on a timer, so
 * clients page while data arrives.
 */
export async function startFakeSigfoxCloud(options: FakeSigfoxCloudOptions): Promise<FakeSigfoxCloud> {
  const now = options.now ?? Date.now;
  const types = new Map(options.deviceTypes.map((t) => [t.id, t]));
  const account: Account = {
    group: '5a1b2c3d4e5f60718293a4b5',
    contract: '5c0ffee0c0ffee0c0ffee0c0',
    activatedAt: now(),
  };
  const devices = new Map<string, { sim: SimulatedDevice; state: DeviceState & { frames: Frame[] } }>();
  for (const spec of options.devices) {
    const type = types.get(spec.type);
    if (!type) throw new Error(`device ${spec.id}: no device type ${spec.type}`);
    devices.set(spec.id, {
      sim: new SimulatedDevice(spec, type, account.activatedAt),
      state: { id: spec.id, name: spec.name ?? `Device ${spec.id}`, type: type.id, frames: [] },
    });
  }
  const frames: Frame[] = [];
  const requests: CloudRequest[] = [];
  const callbacks: CallbackOutcome[] = [];
  let delivering: Promise<void> = Promise.resolve();

  let callback = options.callback;
  const deliver = (frame: Frame, avgSnr: number) => {
    const config = callback;
    if (!config) return;
    const send = async (kind: CallbackOutcome['kind'], body: object | null) => {
      if (!body) return;
      const { status } = await sendCallback(config, body);
      callbacks.push({ kind, device: frame.device, seqNumber: frame.seqNumber, status });
    };
    // One at a time and in order, as the network calls back for a device type.
    delivering = delivering
      .then(() => send('DATA', dataCallbackBody(frame, avgSnr)))
      .then(() => (config.geolocation ? send('GEOLOCATION', geolocationCallbackBody(frame)) : undefined));
  };

  const addMessage = (device: string, atMs = now()): Frame => {
    const entry = devices.get(device);
    if (!entry) throw new Error(`no device ${device}`);
    const frame = entry.sim.nextFrame(atMs);
    entry.state.frames.push(frame);
    frames.push(frame);
    deliver(frame, deviceView(entry.state, account).averageSnr ?? frame.snr);
    return frame;
  };

  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = (res: ServerResponse, path: string, status: number, body: unknown) => {
    requests.push({ path, status });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 401) headers['www-authenticate'] = 'Basic realm="SIGFOX backend"';
    res.writeHead(status, headers).end(JSON.stringify(body));
  };
  const paged = <T, V>(path: string, page: Page<T>, view: (item: T) => V) => ({
    data: page.data.map(view),
    ...(page.next ? { paging: { next: `${base()}${path}?${page.next.toString()}` } } : {}),
  });

  const route = (path: string, query: URLSearchParams): { status: number; body: unknown } => {
    const [api, collection, id, sub, ...rest] = path.split('/').slice(1).map(decodePart);
    if (api !== 'api' || rest.length) return notFound(path);
    if (collection === 'devicetypes') {
      if (id === undefined) return ok({ data: [...types.values()].map((t) => deviceTypeView(t, account)) });
      const type = types.get(id);
      if (!type) return notFound(path, `device type ${id}`);
      const members = [...devices.values()].filter((d) => d.state.type === id).map((d) => d.state);
      if (sub === undefined) return ok(deviceTypeView(type, account));
      if (sub === 'messages') {
        const page = offsetPage(
          frames.filter((f) => f.typeId === id),
          readPageQuery(query),
        );
        return ok(paged(path, page, messageView));
      }
      if (sub === 'devices') {
        const band = readSnrBand(query);
        const listed = members.filter(
          (d) => band === null || snrBand(deviceView(d, account).averageSnr) === band,
        );
        const page = listPage(listed, readPageQuery(query), band === null ? {} : { snr: String(band) });
        return ok(paged(path, page, (d) => deviceView(d, account)));
      }
      return notFound(path);
    }
    if (collection === 'devices' && id !== undefined) {
      const device = devices.get(id)?.state;
      if (!device) return notFound(path, `device ${id}`);
      if (sub === undefined) return ok(deviceInfoView(device, account));
      if (sub === 'messages')
        return ok(paged(path, timePage(device.frames, readPageQuery(query)), messageView));
      if (sub === 'locations')
        return ok(paged(path, timePage(device.frames, readPageQuery(query)), locationView));
    }
    return notFound(path);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sigfox');
    if (!authorized(req.headers.authorization, options.login, options.password)) {
      return send(res, url.pathname, 401, { message: 'Authentication required' });
    }
    if (req.method !== 'GET')
      return send(res, url.pathname, 404, { message: `${req.method} ${url.pathname} not found` });
    try {
      const { status, body } = route(url.pathname, url.searchParams);
      send(res, url.pathname, status, body);
    } catch (err) {
      if (err instanceof BadRequest) return send(res, url.pathname, 400, { message: err.message });
      // The document's 500: "an unexpected error occured".
      send(res, url.pathname, 500, { message: 'An unexpected error occurred' });
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const tick = () => [...devices.keys()].map((id) => addMessage(id));
  const timer = options.messageEveryMs ? setInterval(tick, options.messageEveryMs) : null;

  return {
    url: base(),
    login: options.login,
    password: options.password,
    requests,
    callbacks,
    frames: () => frames,
    addMessage,
    tick,
    setCallback: (config) => (callback = config),
    async stop() {
      if (timer) clearInterval(timer);
      await delivering;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const ok = (body: unknown) => ({ status: 200, body });
const notFound = (path: string, what?: string) => ({
  status: 404,
  body: { message: what ? `${what} not found` : `${path} not found` },
});

/** A path segment as sent; one that is not valid percent-encoding names nothing here. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BadRequest(`"${part}" is not a valid path segment`);
  }
}

function readSnrBand(query: URLSearchParams): number | null {
  const text = query.get('snr');
  if (text === null || text === '') return null;
  if (!/^[1-4]$/.test(text)) throw new BadRequest(`snr must be 1, 2, 3 or 4, not "${text}"`);
  return Number(text);
}

/** HTTP Basic with the group's API login and password (document 004: "the simple HTTP Basic scheme"). */
function authorized(header: string | undefined, login: string, password: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64');
  const expected = Buffer.from(`${login}:${password}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
