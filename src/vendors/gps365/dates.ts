/** GPS365 dates: `YYYY-MM-DD HH:MM:SS`, UTC (document 002 §1: "Timezone for requests and responses is UTC"). */

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Epoch ms of a GPS365 date, or null when the text is not one (also 2020-02-30 and 24:00:00). */
export function parseGps365Date(text: string): number | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return same ? ms : null;
}

/** The GPS365 text of a time, to the second below it. */
export function formatGps365Date(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export const SECOND = 1000;
export const WEEK = 7 * 86_400_000;
/** "the maximum date range for each tracker is five weeks" (document 002 §5.2). */
export const FIVE_WEEKS = 5 * WEEK;
/** "If you don't supply a start date, the default value is 2000-01-01 00:00:00" (§5.2, §5.3). */
export const DEFAULT_START = Date.UTC(2000, 0, 1);
