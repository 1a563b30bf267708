import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { StoredTrip } from '../../model/derived.ts';
import type { Device, StoredPosition } from '../../model/records.ts';
import { EXPORT_FORMATS, exportWriter, tripExportWriter } from './writers.ts';

/** A name with a control character, which XML 1.0 forbids even as a character reference. */
const BAD_NAME = 'bad\u0001name & <co>';
const READ_BACK = 'bad\uFFFDname & <co>';

const device: Device = {
  id: 7,
  groupId: 1,
  typeId: null,
  name: BAD_NAME,
  state: 'ok',
  externalIds: [{ vendor: 'test', externalId: 'x' }],
  lastSeen: null,
  linkStats: {},
  attributes: {},
  createdAt: 0,
  latestPosition: null,
};

const position = (id: number, fixTime: number): StoredPosition => ({
  id,
  deviceId: 7,
  messageId: null,
  receivedTime: fixTime,
  fixTime,
  lat: 48.1 + id / 1000,
  lon: 11.5,
  valid: true,
  accuracy: null,
  altitude: 500,
  speed: 36,
  course: 90,
  hdop: null,
  vdop: null,
  pdop: null,
  satellites: 7,
  odometer: null,
  ignition: null,
  motion: null,
  inputs: null,
  outputs: null,
  analogs: null,
  temperatures: null,
  power: null,
  attributes: {},
});

const trip: StoredTrip = {
  id: 3,
  deviceId: 7,
  startTime: 1_700_000_000_000,
  endTime: 1_700_000_060_000,
  startLat: 48.101,
  startLon: 11.5,
  endLat: 48.102,
  endLon: 11.5,
  distance: 111,
  duration: 60_000,
  maxSpeed: 36,
  avgSpeed: 6.7,
  overspeedCount: 0,
  harshAccelerationCount: 0,
  harshBrakingCount: 0,
  maxAcceleration: null,
  maxBraking: null,
  startOdometer: null,
  endOdometer: null,
  open: false,
  jumps: 0,
};

/** Every text node, as saxes (an XML 1.0 parser independent of the writers) reads it; throws on bad XML. */
function texts(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const out: string[] = [];
  parser.on('text', (t) => {
    if (t.trim()) out.push(t);
  });
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
  return out;
}

const positions = [position(1, trip.startTime), position(2, trip.endTime)];
const xmlFormats = EXPORT_FORMATS.filter((f) => /xml/.test(exportWriter(f)!.contentType));

describe('XML exports of a device named with a control character', () => {
  it('covers the XML formats', () => {
    expect(xmlFormats).toEqual(expect.arrayContaining(['gpx', 'kml']));
  });

  it.each(xmlFormats)('%s positions: well-formed, the name read back with U+FFFD', (format) => {
    const w = exportWriter(format)!;
    const xml =
      w.header() +
      w.deviceStart(device) +
      positions.map((p) => w.position(p, device)).join('') +
      w.deviceEnd(device) +
      w.footer();
    expect(texts(xml)).toContain(READ_BACK);
  });

  it.each(xmlFormats)('%s trips: well-formed, the name read back with U+FFFD', (format) => {
    const w = tripExportWriter(format)!;
    const xml =
      w.header() +
      w.tripStart(trip, device) +
      positions.map((p) => w.position(p)).join('') +
      w.tripEnd(trip, device) +
      w.footer();
    expect(texts(xml).some((t) => t.startsWith(READ_BACK))).toBe(true);
  });
});
