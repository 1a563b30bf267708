import { execFileSync } from 'node:child_process';

/** Debian's gpsbabel and python3-gpxpy read our exports independently; the tests skip loudly without them. */
function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A python3 that can import gpxpy (the Debian package installs it for the system python), or null. */
export const GPXPY_PYTHON =
  ['/usr/bin/python3', 'python3'].find((p) => works(p, ['-c', 'import gpxpy'])) ?? null;
export const HAS_GPSBABEL = works('gpsbabel', ['-V']);
/** A python3 with the standard library's csv, json and XML readers, for the other export formats, or null. */
export const STDLIB_PYTHON =
  ['/usr/bin/python3', 'python3'].find((p) => works(p, ['-c', 'import csv, json, xml.etree.ElementTree'])) ??
  null;

if (!GPXPY_PYTHON) console.warn('SKIPPED: python3-gpxpy is not installed, so exports are not read by gpxpy');
if (!HAS_GPSBABEL) console.warn('SKIPPED: gpsbabel is not installed, so exports are not read by gpsbabel');

/** Track and route points of a GPX file as gpxpy reads them: [lat, lon, epoch ms or null]. */
export function gpxpyPoints(file: string): [number, number, number | null][] {
  const script =
    'import gpxpy,json,sys\n' +
    "g=gpxpy.parse(open(sys.argv[1],encoding='utf-8-sig'))\n" +
    'pts=[p for t in g.tracks for s in t.segments for p in s.points]+[p for r in g.routes for p in r.points]\n' +
    'print(json.dumps([[p.latitude,p.longitude,p.time.timestamp()*1000 if p.time else None] for p in pts]))';
  return JSON.parse(execFileSync(GPXPY_PYTHON!, ['-c', script, file], { encoding: 'utf8' }));
}

/** Track points of a GPX file as gpsbabel reads them, through its unicsv output. */
export function gpsbabelPoints(file: string): { lat: number; lon: number; date: string; time: string }[] {
  const csv = execFileSync('gpsbabel', ['-t', '-i', 'gpx', '-f', file, '-o', 'unicsv,utc=0', '-F', '-'], {
    encoding: 'utf8',
  });
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const cols = header!.split(',');
  const at = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  return rows.map((line) => {
    const row = line.split(',');
    return {
      lat: Number(at(row, 'Latitude')),
      lon: Number(at(row, 'Longitude')),
      date: at(row, 'Date'),
      time: at(row, 'Time'),
    };
  });
}
