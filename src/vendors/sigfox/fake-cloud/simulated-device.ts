import { createHash } from 'node:crypto';
import type { LatLon } from '../../../lib/geodesy.ts';
import { SAMPLE_ROUTES, walkRoute, type RouteWalk } from '../../../lib/route-walk.ts';

/** A device type of the fake backend, with the fields of document 004's device type information. */
export interface FakeDeviceType {
  id: string;
  name: string;
  description?: string;
  /** Minutes; 0 is off. */
  keepAlive?: number;
  /** "Geolocation" types carry a GPS fix: their locations are exact (radius 0); others are estimated from RSSI. */
  payloadType?: 'None' | 'String' | 'Custom' | 'Geolocation';
}

/** A simulated device: it moves along `route` and sends a frame each time the cloud asks it to. */
export interface FakeDevice {
  /** Hex, as the network names devices, e.g. "1A2B3C". */
  id: string;
  /** Its device type's id. */
  type: string;
  name?: string;
  route?: readonly LatLon[];
  /** Metres per second along the route; default 12 (a car in town). */
  speedMps?: number;
}

/** A base station that heard a frame: document 004's `rinfos` entries. */
export interface Reception {
  tap: string;
  snr: number;
  rssi: number;
  /** The station's coarse position, in whole degrees, as the document's example shows it. */
  lat: number;
  lng: number;
}

/** Where the network places a frame: GPS from the payload, or an estimate from the receptions' RSSI. */
export type FrameLocation = { valid: true; lat: number; lng: number; radius: number } | { valid: false };

/** One uplink frame as the backend keeps it. */
export interface Frame {
  device: string;
  typeId: string;
  /** Seconds since the Unix epoch, as document 004's messages show `time`. */
  time: number;
  /** The 12-bit frame counter. */
  seqNumber: number;
  /** Hex. */
  data: string;
  /** Best SNR of the receptions, dB. */
  snr: number;
  rssi: number;
  rinfos: Reception[];
  location: FrameLocation;
}

const STATIONS = [
  { tap: '1D44', lat: 43.56, lng: 1.52 },
  { tap: '0A3F', lat: 43.62, lng: 1.41 },
  { tap: '2B17', lat: 43.58, lng: 1.46 },
  { tap: '03C9', lat: 43.64, lng: 1.5 },
];

/**
 * A device of the fake backend: its frame counter, its place on its route and its last frame's time. Radio
 * figures are drawn from a hash of the device and counter, so a run is reproducible.
 */
export class SimulatedDevice {
  private seq: number;
  private lastTime = -Infinity;
  private readonly walk: RouteWalk;
  private readonly startMs: number;

  constructor(
    readonly spec: FakeDevice,
    readonly type: FakeDeviceType,
    startMs: number,
  ) {
    const seed = draw(spec.id, 0);
    this.seq = Math.floor(seed[0]! * 4096);
    this.startMs = startMs;
    const route = spec.route ?? SAMPLE_ROUTES.drive;
    // Devices on one route start at different places along it.
    this.walk = walkRoute(route, spec.speedMps ?? 12, seed[1]! * 10_000);
  }

  /**
   * The next frame, sent at `atMs`. A device needs seconds to send a frame (each is repeated on three
   * frequencies), so two frames of one device never share a second: a frame asked for too soon takes the next.
   */
  nextFrame(atMs: number): Frame {
    const time = Math.max(Math.floor(atMs / 1000), this.lastTime + 1);
    this.lastTime = time;
    this.seq = (this.seq + 1) % 4096;
    const where = this.walk.at(time * 1000 - this.startMs);
    const r = draw(this.spec.id, this.seq + 4096 * time);
    const heard = 1 + Math.floor(r[0]! * 3);
    const rinfos = Array.from({ length: heard }, (_, i): Reception => {
      const station = STATIONS[(Math.floor(r[1]! * STATIONS.length) + i) % STATIONS.length]!;
      return {
        tap: station.tap,
        snr: round1(6 + r[2 + i]! * 24 - i * 3),
        rssi: round1(-140 + r[5]! * 40 - i * 4),
        lat: Math.round(station.lat),
        lng: Math.round(station.lng),
      };
    });
    const best = rinfos.reduce((a, b) => (b.snr > a.snr ? b : a));
    return {
      device: this.spec.id,
      typeId: this.type.id,
      time,
      seqNumber: this.seq,
      data: payload(where, 100 - Math.floor(this.seq / 41)),
      snr: best.snr,
      rssi: best.rssi,
      rinfos,
      location: this.locate(where, r),
    };
  }

  private locate(where: LatLon, r: number[]): FrameLocation {
    if (this.type.payloadType === 'Geolocation')
      return { valid: true, lat: round6(where.lat), lng: round6(where.lon), radius: 0 };
    // An RSSI estimate: off the true place by less than its radius; now and then the network finds none.
    if (r[6]! < 0.12) return { valid: false };
    const radius = 1000 + Math.round(r[7]! * 4000);
    const bearing = r[8]! * 2 * Math.PI;
    const off = (r[9]! * radius) / 2;
    return {
      valid: true,
      lat: round6(where.lat + (off * Math.cos(bearing)) / 111_320),
      lng: round6(where.lon + (off * Math.sin(bearing)) / (111_320 * Math.cos((where.lat * Math.PI) / 180))),
      radius,
    };
  }
}

/**
 * The frame's data: latitude and longitude as signed 32-bit big-endian millionths of a degree, then the battery
 * in percent; in the backend's custom grammar `lat::int:32 lng::int:32 battery::uint:8`.
 */
export function payload(where: LatLon, battery: number): string {
  const bytes = Buffer.alloc(9);
  bytes.writeInt32BE(Math.round(where.lat * 1e6), 0);
  bytes.writeInt32BE(Math.round(where.lon * 1e6), 4);
  bytes.writeUInt8(Math.max(0, Math.min(100, battery)), 8);
  return bytes.toString('hex');
}

/** Reproducible numbers in [0, 1) for one device and counter. */
function draw(device: string, n: number): number[] {
  const digest = createHash('sha256').update(`${device}:${n}`).digest();
  return Array.from({ length: 16 }, (_, i) => digest.readUInt16BE(i * 2) / 65536);
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
