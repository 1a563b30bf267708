import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_CSV, DOCUMENT_JSON, DOCUMENT_XML } from '../testing/document-examples.ts';
import { parseTripsJson } from './parse-trips.ts';
import { presentTripsCsv } from './present-csv.ts';
import { presentTripsJson, presentTripsJsonp } from './present-json.ts';
import { presentTripsXml } from './present-xml.ts';
import type { MixPosition, MixTrip } from './trip.ts';

const UTC = { dateFormat: 0, timeZone: 'UTC' } as const;

/** The CSV example's trips, read from its cells (the nested positions by hand: that is what is under test). */
function csvTrips(): MixTrip[] {
  const rows = parse(DOCUMENT_CSV, { columns: true }) as Record<string, string>[];
  const num = (s: string) => (s === '' ? null : Number(s));
  const position = (cell: string): MixPosition => {
    const p: Record<string, unknown> = {};
    for (const pair of cell.slice(1, -1).split(',')) {
      const at = pair.indexOf(':');
      const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
      p[key] = /Timestamp$/.test(key)
        ? Date.parse(value)
        : /Id$|SystemType/.test(key)
          ? value
          : Number(value);
    }
    return p as unknown as MixPosition;
  };
  return rows.map((r) => ({
    SystemType: r.SystemType,
    VehicleId: r.VehicleId!,
    ReceivedTimestamp: Date.parse(r.ReceivedTimestamp!),
    TripType: r.TripType,
    DriverId: r.DriverId,
    CoDriverId: r.CoDriverId || null,
    StartTimestamp: Date.parse(r.StartTimestamp!),
    StartPosition: position(r.StartPosition!),
    EndTimestamp: Date.parse(r.EndTimestamp!),
    EndPosition: position(r.EndPosition!),
    Distance: num(r.Distance!),
    EndOdometer: num(r.EndOdometer!),
    MaxSpeed: num(r.MaxSpeed!),
    OverSpeedingCount: num(r.OverSpeedingCount!),
    MaxAcceleration: num(r.MaxAcceleration!),
    HarshAccelerationCount: num(r.HarshAccelerationCount!),
    MaxDeceleration: num(r.MaxDeceleration!),
    HarshBrakingCount: num(r.HarshBrakingCount!),
  }));
}

describe('MiX trips: the document examples', () => {
  it('reads the JSON example and writes it back byte for byte', () => {
    const trips = parseTripsJson(DOCUMENT_JSON);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({
      VehicleId: 'c89a9db7-46a5-4fb4-ab28-dc0ae807b5dc',
      ReceivedTimestamp: 1306295232870,
      StartTimestamp: 1306295250000,
      EndTimestamp: 1306295259000,
      Distance: 0,
    });
    expect(trips[0]!.EndPosition).toMatchObject({ Longitude: 7.567451, Heading: 119, Satellites: 8 });
    expect(presentTripsJson(trips, UTC)).toBe(DOCUMENT_JSON);
  });

  it('writes the XML example from the same trip, its end latitude as the XML shows it', () => {
    const [trip] = parseTripsJson(DOCUMENT_JSON);
    trip!.EndPosition!.Latitude = 50.3602448;
    expect(presentTripsXml([trip!], 'UTC')).toBe(DOCUMENT_XML);
  });

  it('writes the CSV example, header, quoting and nested positions included', () => {
    expect(presentTripsCsv(csvTrips(), 'UTC')).toBe(DOCUMENT_CSV);
  });

  it('writes ISO dates with seven fraction digits (date_format 2) and wraps JSONP', () => {
    const trips = parseTripsJson(DOCUMENT_JSON);
    const iso = JSON.parse(presentTripsJson(trips, { dateFormat: 2, timeZone: 'UTC' })) as Record<
      string,
      unknown
    >[];
    expect(iso[0]!.ReceivedTimestamp).toBe('2011-05-25T03:47:12.8700000+00:00');
    expect(presentTripsJsonp('show', trips, UTC)).toBe(`show(${DOCUMENT_JSON});`);
    // What is written in date_format 2 reads back the same.
    expect(parseTripsJson(JSON.stringify(iso))).toEqual(trips);
  });

  it('writes times in the globalisation zone: its offset in the dates, UtcOffset in minutes', () => {
    const trips = parseTripsJson(DOCUMENT_JSON);
    const zurich = { dateFormat: 0, timeZone: 'Europe/Zurich' } as const;
    expect(presentTripsJson(trips, zurich)).toContain('"StartTimestamp":"\\/Date(1306295250000+0200)\\/"');
    const iso = JSON.parse(presentTripsJson(trips, { ...zurich, dateFormat: 2 })) as Record<
      string,
      unknown
    >[];
    expect(iso[0]!.StartTimestamp).toBe('2011-05-25T05:47:30.0000000+02:00');
    expect(presentTripsXml(trips, 'Asia/Kolkata')).toContain(
      '<StartTimestamp UtcOffset="330">2011-05-25T09:17:30+05:30</StartTimestamp>',
    );
  });

  it('writes sub-trips nested, and an empty list as an empty array', () => {
    const [trip] = parseTripsJson(DOCUMENT_JSON);
    const withSub = { ...trip!, SubTrips: [{ ...trip!, SubTrips: null }] };
    const json = presentTripsJson([withSub], UTC);
    expect(parseTripsJson(json)[0]!.SubTrips).toEqual([trip]);
    expect(presentTripsXml([withSub], 'UTC')).toMatch(/<SubTrips>\s*<Trip SystemType="AssetManagement"/);
    expect(presentTripsCsv([withSub], 'UTC')).toMatch(/,"\[\{SystemType:AssetManagement,.*\}\]"\n$/);
    expect(presentTripsJson([], UTC)).toBe('[]');
  });

  it('refuses a body that is not a list of trips, naming what is wrong', () => {
    expect(() => parseTripsJson('{"Message":"error"}')).toThrow(/not a JSON array/);
    expect(() => parseTripsJson('[{"VehicleId":"v","StartTimestamp":"yesterday"}]')).toThrow(
      /trip 0.StartTimestamp: not a MiX date/,
    );
    expect(() => parseTripsJson('[{"VehicleId":"v","StartTimestamp":"\\/Date(1)\\/"}]')).toThrow(
      /EndTimestamp are required/,
    );
  });

  it('writes text with a control character as well-formed XML, the character replaced', () => {
    const [trip] = parseTripsJson(DOCUMENT_JSON);
    const odd = { ...trip!, VehicleId: 'bad\u0001id & <co>', DriverId: 'bad\u0001driver' };
    const found: Record<string, string> = {};
    let open = '';
    // saxes, an XML 1.0 parser independent of the presenter, refuses the character if it is written as it is.
    const parser = new SaxesParser();
    parser.on('opentag', (t) => {
      open = t.name;
      if (t.name === 'Trip') found.VehicleId = String(t.attributes.VehicleId);
    });
    parser.on('text', (t) => {
      if (open === 'DriverId') found.DriverId ??= t;
    });
    parser.on('closetag', () => (open = ''));
    parser.on('error', (err) => {
      throw err;
    });
    parser.write(presentTripsXml([odd], 'UTC')).close();
    expect(found).toEqual({ VehicleId: 'bad\uFFFDid & <co>', DriverId: 'bad\uFFFDdriver' });
  });
});
