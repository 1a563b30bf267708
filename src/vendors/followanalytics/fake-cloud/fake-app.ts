import { randomBytes } from 'node:crypto';
import type { LatLon } from '../../../lib/geodesy.ts';
import type { FaLocation, LocationField } from '../wire.ts';

/** A location as the fake cloud holds it: every field, and its date as epoch milliseconds. */
export interface FakeRow {
  location_id: string;
  device_id: string;
  application_id: string;
  latitude: number;
  longitude: number;
  session_id: string;
  user_id: string;
  date: number;
}

interface FakeDevice {
  deviceId: string;
  /** The first part of its location ids, as in the document's `51a38a4c239e634f310000c8-locs-00000`. */
  prefix: string;
  sequence: number;
  userId: string;
  sessionId: string;
  lat: number;
  lon: number;
}

export interface RowFilter {
  sessionIds: string[];
  deviceIds: string[];
  latitude: number | null;
  longitude: number | null;
  /** Inclusive. */
  since: number | null;
  /** Exclusive. */
  until: number | null;
}

/**
 * One application's recorded locations. They are listed in `location_id` order, as in the document's example
 * (`…-locs-00000`, then `…-locs-00001`): a device's locations together, by sequence. A new location of one device
 * therefore lands in the middle of the list, moving every later one a place down the pages.
 */
export class FakeApp {
  private readonly devices: FakeDevice[] = [];
  private rows: FakeRow[] = [];
  private sorted = true;
  private turn = 0;

  /**
   * `path` places the n-th location of the i-th device (from 0); by default each device walks a straight line
   * from its own start.
   */
  constructor(
    readonly identifier: string,
    deviceCount: number,
    private readonly path?: (device: number, sequence: number) => LatLon,
  ) {
    for (let i = 0; i < deviceCount; i++) this.addDevice();
  }

  get deviceIds(): string[] {
    return this.devices.map((d) => d.deviceId);
  }

  addDevice(): string {
    const n = this.devices.length + 1;
    const device: FakeDevice = {
      deviceId: `${this.identifier}-device-${n}`,
      prefix: randomBytes(12).toString('hex'),
      sequence: 0,
      userId: `user${n}@example.com`,
      sessionId: randomBytes(12).toString('hex'),
      lat: 48.875143 + n / 100,
      lon: 2.314179 + n / 100,
    };
    this.devices.push(device);
    return device.deviceId;
  }

  /** `count` new locations dated `date`, from the devices in turn (or from `deviceId` alone). */
  record(count: number, date: number, deviceId?: string): FakeRow[] {
    const added: FakeRow[] = [];
    for (let i = 0; i < count; i++) {
      const device = deviceId
        ? this.devices.find((d) => d.deviceId === deviceId)
        : this.devices[this.turn++ % this.devices.length];
      if (!device) throw new Error(`no device ${deviceId} in app ${this.identifier}`);
      const sequence = device.sequence++;
      const at = this.path?.(this.devices.indexOf(device), sequence) ?? {
        lat: device.lat + sequence * 0.0001,
        lon: device.lon + sequence * 0.0001,
      };
      // A new session every 50 locations, as an app is opened and closed.
      if (sequence > 0 && sequence % 50 === 0) device.sessionId = randomBytes(12).toString('hex');
      added.push({
        location_id: `${device.prefix}-locs-${String(sequence).padStart(5, '0')}`,
        device_id: device.deviceId,
        application_id: this.identifier,
        latitude: Number(at.lat.toFixed(6)),
        longitude: Number(at.lon.toFixed(6)),
        session_id: device.sessionId,
        user_id: device.userId,
        date,
      });
    }
    this.rows.push(...added);
    this.sorted = false;
    return added;
  }

  get all(): readonly FakeRow[] {
    if (!this.sorted) {
      this.rows.sort((a, b) => (a.location_id < b.location_id ? -1 : a.location_id > b.location_id ? 1 : 0));
      this.sorted = true;
    }
    return this.rows;
  }

  select(filter: RowFilter): FakeRow[] {
    const sessions = new Set(filter.sessionIds);
    const devices = new Set(filter.deviceIds);
    return this.all.filter(
      (r) =>
        (!sessions.size || sessions.has(r.session_id)) &&
        (!devices.size || devices.has(r.device_id)) &&
        (filter.latitude == null || r.latitude === filter.latitude) &&
        (filter.longitude == null || r.longitude === filter.longitude) &&
        (filter.since == null || r.date >= filter.since) &&
        (filter.until == null || r.date < filter.until),
    );
  }
}

/** A row with the fields asked for (every field when none is named); `location_id` always. */
export function rowFields(row: FakeRow, fields: LocationField[]): FaLocation {
  const out: FaLocation = { location_id: row.location_id };
  for (const field of fields) {
    if (field === 'location_id') continue;
    (out as unknown as Record<string, unknown>)[field] =
      field === 'date_utc' ? new Date(row.date).toISOString() : row[field];
  }
  return out;
}
