import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileJsonText, hostileParam } from '../../lib/testing/fuzz.ts';
import type { StoredPosition } from '../../model/records.ts';
import { gpxHeader, gpxTrackPoint } from '../gpx/write-gpx.ts';
import { FileFormatError, type FileItem } from './file-item.ts';
import { READERS } from './readers.ts';

const OPTIONS = { device: { vendor: 'file', externalId: 'fuzz' } };

/** Everything a reader yields for `chunks`, or the FileFormatError it ended with; anything else throws. */
async function readAll(format: string, chunks: (string | Buffer)[]): Promise<FileItem[]> {
  const items: FileItem[] = [];
  try {
    for await (const item of READERS[format]!(Readable.from(chunks), OPTIONS)) items.push(item);
  } catch (err) {
    if (!(err instanceof FileFormatError)) throw err;
  }
  return items;
}

const nested = (tag: string, depth: number) => `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth);

/** What an upload may hold: another format, bytes, deep nesting, entities, near-valid rows and points. */
const file = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  hostileJsonText,
  fc.integer({ min: 1, max: 12_000 }).map((d) => `<gpx>${nested('trk', d)}</gpx>`),
  fc.integer({ min: 1, max: 12_000 }).map((d) => `<kml>${nested('Folder', d)}</kml>`),
  fc.constantFrom(
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx>&x;</gpx>',
    '<!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><kml>&b;</kml>',
    '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2]]},"properties":{"coordTimes":"x"}}]}',
  ),
  fc
    .array(fc.array(hostileParam, { maxLength: 5 }), { maxLength: 6 })
    .map((rows) => ['time,lat,lon,speed,attributes', ...rows.map((r) => r.join(','))].join('\n')),
  fc
    .array(fc.tuple(hostileParam, hostileParam, hostileParam), { maxLength: 4 })
    .map(
      (points) =>
        `<gpx><trk><trkseg>${points.map(([lat, lon, t]) => `<trkpt lat="${lat}" lon="${lon}"><time>${t}</time></trkpt>`).join('')}</trkseg></trk></gpx>`,
    ),
);

/** Splits a file into chunks at arbitrary places, as a network delivers it. */
const chunked = fc.tuple(file, fc.array(fc.nat(), { maxLength: 4 })).map(([f, cuts]) => {
  const whole = typeof f === 'string' ? Buffer.from(f) : f;
  const at = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => whole.subarray(start, at[i] ?? whole.length));
});

describe('file readers, fuzzed', () => {
  for (const format of Object.keys(READERS)) {
    it(`reads any upload as ${format}, or stops with a FileFormatError`, async () => {
      await fc.assert(
        fc.asyncProperty(chunked, async (chunks) => {
          for (const item of await readAll(format, chunks)) expect(item.where).toEqual(expect.any(String));
        }),
        // Fewer runs than the parsers' tests: a reader reads a file of up to hundreds of kilobytes per run.
        { numRuns: FUZZ_RUNS / 3 },
      );
    });
  }

  it('reads back the track points a GPX export was written from', async () => {
    const point = fc.record({
      fixTime: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }).map((n) => n + 0),
      lon: fc.double({ min: -180, max: 180, noNaN: true }).map((n) => n + 0),
      altitude: fc.oneof(fc.constant(null), fc.integer({ min: -400, max: 9000 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(point, { minLength: 1, maxLength: 5 }), async (points) => {
        const none = { satellites: null, hdop: null, vdop: null, pdop: null, speed: null, course: null };
        const gpx =
          gpxHeader() +
          '<trk><trkseg>' +
          points.map((p) => gpxTrackPoint({ ...none, ...p } as unknown as StoredPosition)).join('') +
          '</trkseg></trk></gpx>';
        const read = await readAll('gpx', [gpx]);
        const positions = read.flatMap((i) => (i.kind === 'record' ? [i.record.position] : []));
        // A point without an altitude has none, rather than a null one.
        const written = points.map(({ altitude, ...p }) => (altitude === null ? p : { ...p, altitude }));
        expect(positions).toEqual(written.map((p) => expect.objectContaining(p)));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
