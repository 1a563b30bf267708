import type { Device } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { DEFAULT_START, FIVE_WEEKS, formatGps365Date, SECOND } from '../dates.ts';
import { Gps365ApiError } from './errors.ts';
import { dateParam, type FacadeRequest } from './params.ts';
import { presentCoordinate } from './present.ts';

/**
 * How long before "now" the default `end_date` of `historic` lies. A batch takes its received time before it
 * commits; rows of a batch still committing must fall after the end a client gets, or its next `start_date`
 * (that end) would pass them by. Document 002 §5.3 explains why a moving end loses rows; this keeps it fixed.
 */
export const SETTLE_MS = 10 * SECOND;

/** Every device the caller may see, by id, in id order. */
export async function devicesInScope(storage: Storage, scope: string): Promise<Device[]> {
  const devices: Device[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listDevices({ scope, cursor, limit: 500 });
    devices.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return devices.sort((a, b) => a.id - b.id);
}

/**
 * The trackers a request names, each visible to the caller, or every visible one; 404 for one it cannot see
 * (worded as unknown, so that a caller cannot learn which ids exist elsewhere).
 */
export async function trackersOf(storage: Storage, request: FacadeRequest, scope: string): Promise<Device[]> {
  if (!request.trackers) return devicesInScope(storage, scope);
  const paths = new Map<number, string | undefined>();
  const devices: Device[] = [];
  for (const id of request.trackers.keys()) {
    const device = /^\d{1,15}$/.test(id) ? await storage.getDevice(Number(id)) : null;
    if (device && !paths.has(device.groupId)) {
      paths.set(device.groupId, (await storage.getGroup(device.groupId))?.path);
    }
    if (!device || !paths.get(device.groupId)?.startsWith(scope)) {
      throw new Gps365ApiError(404, `Tracker ${id} not found`);
    }
    devices.push(device);
  }
  return devices;
}

/** §5.1: the newest position of each tracker, indexed by id; a tracker without one is left out. */
export function live(trackers: Device[]) {
  const result: Record<string, unknown> = {};
  for (const d of trackers) if (d.latestPosition) result[d.id] = presentCoordinate(d.latestPosition);
  return result;
}

/**
 * §5.2: by tracker time, bounds inclusive, ascending; at most five weeks per tracker; 100 rows per tracker, or
 * 5,000 when exactly one tracker is asked for with a start date ("Bulk exports").
 */
export async function list(storage: Storage, request: FacadeRequest, trackers: Device[], now: number) {
  const one = request.trackers?.size === 1 ? [...request.trackers.values()][0]! : null;
  const limit = one?.start ? 5000 : 100;
  const result: Record<string, unknown> = {};
  const summary: Record<string, unknown> = {};
  for (const d of trackers) {
    const dates = request.trackers?.get(String(d.id)) ?? {};
    const start = dateParam(`trackers[${d.id}] start date`, dates.start) ?? DEFAULT_START;
    const askedEnd = dateParam(`trackers[${d.id}] end date`, dates.end) ?? now;
    const end = Math.min(askedEnd, start + FIVE_WEEKS);
    const window = await storage.listPositionWindow({
      deviceId: d.id,
      by: 'fix',
      from: start,
      // Inclusive to the second: "2020-01-01 12:00:00" takes a fix at 12:00:00.500.
      to: Math.max(start, end + SECOND),
      offset: 0,
      limit,
    });
    const last = window.items[window.items.length - 1];
    result[d.id] = window.items.map(presentCoordinate);
    summary[d.id] = {
      start_date: formatGps365Date(start),
      end_date: formatGps365Date(end),
      rows: window.items.length,
      total: window.total,
      last_date: last ? formatGps365Date(last.fixTime) : null,
    };
  }
  return { result, summary };
}

/**
 * §5.3: by received time, `>= start_date` and `< end_date`, ascending by date; 500 rows per tracker or 10,000
 * for one tracker, paged. The end is at most five weeks after the start (the document says one week and five;
 * the longer never cuts short a client that assumed either) and never later than settled time.
 */
export async function historic(storage: Storage, request: FacadeRequest, trackers: Device[], now: number) {
  const start = dateParam('start_date', request.startDate) ?? DEFAULT_START;
  const asked = dateParam('end_date', request.endDate);
  const settled = Math.floor((now - SETTLE_MS) / SECOND) * SECOND;
  const end = Math.max(start, Math.min(asked ?? settled, settled, start + FIVE_WEEKS));
  const page = pageParam(request.page);
  const limit = request.trackers?.size === 1 ? 10_000 : 500;
  const result: Record<string, unknown> = {};
  const counts: Record<string, { rows: number; total: number }> = {};
  let pages = 1;
  for (const d of trackers) {
    const window = await storage.listPositionWindow({
      deviceId: d.id,
      by: 'received',
      from: start,
      to: end,
      offset: (page - 1) * limit,
      limit,
    });
    result[d.id] = window.items.map(presentCoordinate);
    counts[d.id] = { rows: window.items.length, total: window.total };
    pages = Math.max(pages, Math.ceil(window.total / limit));
  }
  return {
    result,
    summary: {
      start_date: formatGps365Date(start),
      end_date: formatGps365Date(end),
      page,
      pages,
      trackers: counts,
    },
  };
}

function pageParam(value: string | undefined): number {
  if (value == null || value === '') return 1;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new Gps365ApiError(400, `page "${value}" is not a page number (1, 2, 3…)`);
  }
  return Number(value);
}
