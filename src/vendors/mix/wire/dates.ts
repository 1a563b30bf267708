/**
 * MiX's date forms (document 003): `\/Date(1346080140000+0500)\/` (date_format 0: UTC milliseconds, then the
 * offset the value is shown in), ISO 8601 with seven fraction digits and an offset (date_format 2), and the XML
 * and CSV form `2011-05-25T03:47:12.87Z` (fraction without trailing zeros). Offsets are minutes east of UTC.
 */

export class MixDateError extends Error {}

const MS_DATE = /^\\?\/Date\((-?\d+)(?:([+-])(\d{2})(\d{2}))?\)\\?\/$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Reads either form; an ISO time without an offset is UTC. */
export function parseMixDate(value: string): number {
  const ms = MS_DATE.exec(value);
  // The offset only says in which zone the value was shown: the milliseconds are UTC either way.
  if (ms) return Number(ms[1]);
  const iso = ISO_DATE.exec(value);
  if (!iso) throw new MixDateError(`not a MiX date: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = iso;
  const wall = Date.UTC(
    +y!,
    +mo! - 1,
    +d!,
    +h!,
    +mi!,
    +s!,
    Math.floor(Number(`0.${fraction || '0'}`) * 1000),
  );
  if (new Date(wall).getUTCDate() !== +d!) throw new MixDateError(`not a date: ${JSON.stringify(value)}`);
  return wall - offsetMinutesOf(zone) * 60_000;
}

function offsetMinutesOf(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(minutes / 60))}${colon ? ':' : ''}${pad(minutes % 60)}`;
}

/** Wall-clock parts of `ms` shown at `offset` minutes. */
function wall(ms: number, offset: number) {
  const d = new Date(ms + offset * 60_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { text: `${date}T${time}`, millis: d.getUTCMilliseconds() };
}

/** date_format 0: `/Date(1346080140000+0500)/` (the JSON writer escapes the slashes as `\/`). */
export function formatMsDate(ms: number, offset: number): string {
  return `/Date(${ms}${offsetText(offset, false)})/`;
}

/** date_format 2: `2012-08-27T15:09:00.0000000+05:00`. */
export function formatIsoDate(ms: number, offset: number): string {
  const w = wall(ms, offset);
  return `${w.text}.${pad(w.millis, 3)}0000${offsetText(offset, true)}`;
}

/** XML and CSV: `2011-05-25T03:47:12.87Z`, the fraction without trailing zeros, `Z` at offset 0. */
export function formatXmlDate(ms: number, offset: number): string {
  const w = wall(ms, offset);
  const fraction = w.millis ? `.${pad(w.millis, 3).replace(/0+$/, '')}` : '';
  return `${w.text}${fraction}${offset === 0 ? 'Z' : offsetText(offset, true)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of an IANA zone at an instant. */
export function zoneOffset(timeZone: string, ms: number): number {
  if (timeZone === 'UTC') return 0;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, format);
  }
  const name = format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value;
  return name === 'GMT' ? 0 : offsetMinutesOf(name.slice(3));
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The `:since` parameter: seconds since 1970 (an instant, whatever the zone), or `YYYYMMDDHHmmss` read in
 * `timeZone` (the caller's globalisation; UTC without one).
 */
export function parseSince(value: string, timeZone = 'UTC'): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    const local = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
    const back = new Date(local);
    if (back.getUTCMonth() !== +mo! - 1 || back.getUTCDate() !== +d! || +h! > 23 || +mi! > 59 || +s! > 59) {
      throw new MixDateError(`:since ${value} is not a date and time`);
    }
    // The zone's offset at the wall time, taken twice so that a time near a DST change lands right.
    const first = local - zoneOffset(timeZone, local) * 60_000;
    return local - zoneOffset(timeZone, first) * 60_000;
  }
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000;
  throw new MixDateError(`:since must be seconds since 1970 or YYYYMMDDHHmmss, not "${value}"`);
}

/** `:since` as the document's example writes it, `YYYYMMDDHHmmss` in UTC. */
export function formatSince(ms: number): string {
  return wall(ms, 0).text.replace(/[-T:]/g, '');
}
