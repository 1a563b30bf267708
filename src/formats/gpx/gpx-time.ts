/**
 * xs:dateTime as GPX writes it: `2010-12-14T06:17:04Z`, with any number of fractional digits (some tools write
 * seven, e.g. `1901-12-13T20:45:52.2073437Z`, which Date.parse refuses) and an optional zone (GPX times are UTC,
 * so none means UTC). Returns epoch milliseconds, or null when the text is not such a time or the day does not
 * exist.
 */
export function parseGpxTime(text: string): number | null {
  const m = /^\s*(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?\s*$/.exec(
    text,
  );
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const t = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms);
  const day = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  if (day.getUTCMonth() !== +mo! - 1 || day.getUTCDate() !== +d! || +h! > 23 || +mi! > 59 || +s! > 60)
    return null;
  if (!zone || zone === 'Z') return t;
  const sign = zone.startsWith('-') ? -1 : 1;
  return t - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}
