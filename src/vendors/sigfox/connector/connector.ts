import type { Connector, PageResult } from '../../../ingest/connector.ts';
import { RetryableError } from '../../../ingest/errors.ts';
import { statusError, type HttpFetch } from '../../../ingest/http.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import { VENDOR } from '../receiver/to-record.ts';
import { markKey, readCursor, writeCursor, type BackendCursor, type Task } from './cursor.ts';
import { readSettings, type BackendSettings } from './settings.ts';
import { locationRecord, messageRecord, toMs, type V1Location, type V1Message } from './to-records.ts';

const MINUTE = 60_000;
const LIMIT = 100;

/**
 * Pulls from a Sigfox backend (or anything serving its API v1): device types, their messages and devices, each
 * device's locations, one request per page. Settings: `baseUrl`, `login`, `password`.
 */
export const sigfoxConnector: Connector = {
  vendor: VENDOR,
  rates: {
    sourceIntervalMs: 5 * MINUTE,
    // The document states no rate limit; one request a second keeps a shared backend account polite.
    vendorSpacingMs: 1000,
    backoff: { initialMs: MINUTE, factor: 2, maxMs: 60 * MINUTE },
  },
  async fetchPage({ source, cursor, fetch }): Promise<PageResult> {
    const settings = readSettings(source.settings);
    const state = readCursor(cursor);
    const get = (url: string) => getJson(fetch, settings, url);
    const task = state.queue[0];
    if (!task) {
      // A new round: the device types the credentials see.
      const types = (await get(`${settings.baseUrl}/api/devicetypes`)) as { data?: { id: string }[] };
      state.queue = (types.data ?? []).flatMap((t): Task[] => [
        { kind: 'messages', typeId: t.id },
        { kind: 'devices', typeId: t.id, offset: 0 },
      ]);
      return done(state, [], state.queue.length > 0);
    }
    if (task.kind === 'devices') {
      const url = `${settings.baseUrl}/api/devicetypes/${enc(task.typeId)}/devices?limit=${LIMIT}&offset=${task.offset}`;
      const page = (await get(url)) as { data?: { id: string }[]; paging?: { next?: string } };
      const devices = (page.data ?? []).map((d): Task => ({ kind: 'locations', device: d.id }));
      state.queue.shift();
      if (page.paging?.next) state.queue.unshift({ ...task, offset: task.offset + LIMIT });
      state.queue.push(...devices);
      return done(state, [], true);
    }
    const key = markKey(task);
    const mark = state.marks[key] ?? 0;
    const first =
      task.kind === 'messages'
        ? `${settings.baseUrl}/api/devicetypes/${enc(task.typeId)}/messages?limit=${LIMIT}&since=${mark}`
        : `${settings.baseUrl}/api/devices/${enc(task.device)}/locations?limit=${LIMIT}&since=${mark}`;
    const page = (await get(state.walk?.next ?? first)) as {
      data?: (V1Message & V1Location)[];
      paging?: { next?: string };
    };
    const items = page.data ?? [];
    const records =
      task.kind === 'messages'
        ? items.map((m) => messageRecord(m))
        : items.flatMap((l) => locationRecord(task.device, l) ?? []);
    const seconds = items.map((i) => Math.floor(toMs(i.time) / 1000));
    const top = state.walk?.top ?? Math.max(mark, ...seconds);
    let next = page.paging?.next ?? null;
    if (!next && items.length === LIMIT) {
      // Offsets stop at 5000 (the document): go on from the oldest second of this page, which is read again
      // (stored once) unless the whole page lay in that one second.
      const oldest = Math.min(...seconds);
      const before = state.walk?.before === oldest + 1 ? oldest : oldest + 1;
      next = `${first}&before=${before}`;
      state.walk = { next, top, before };
    }
    if (next) {
      state.walk = { ...state.walk, next, top };
    } else {
      state.walk = null;
      state.marks[key] = top;
      state.queue.shift();
    }
    return done(state, records, state.queue.length > 0);
  },
};

function done(state: BackendCursor, records: IngestRecord[], more: boolean): PageResult {
  return { records, cursor: writeCursor(state), more };
}

const enc = encodeURIComponent;

async function getJson(fetch: HttpFetch, s: BackendSettings, url: string): Promise<unknown> {
  // paging.next comes from the backend: follow it only on the configured host, never send credentials elsewhere.
  if (new URL(url).origin !== new URL(s.baseUrl).origin) {
    throw new RetryableError(`paging.next ${url} leaves ${s.baseUrl}; refusing to follow it`);
  }
  const auth = Buffer.from(`${s.login}:${s.password}`).toString('base64');
  const res = await fetch(url, { headers: { authorization: `Basic ${auth}`, accept: 'application/json' } });
  const what = `Sigfox backend ${new URL(url).pathname}`;
  if (!res.ok) throw statusError(res, what);
  try {
    return await res.json();
  } catch (err) {
    throw new RetryableError(`${what}: the answer is not JSON`, { cause: err });
  }
}
