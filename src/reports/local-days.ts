const DAY = 86_400_000;
/** Days last 23 to 25 hours around a clock change, so this long after one day's start is inside the next. */
const INTO_NEXT_DAY = 36 * 3_600_000;

export interface LocalDay {
  /** Epoch ms of the day's first instant. */
  start: number;
  /** Local date, YYYY-MM-DD. */
  day: string;
}

/** True when Intl knows the time zone (an IANA name such as `Europe/Zurich`, or `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The local days of a time zone that overlap [from, to), in order. A day starts at local midnight, or where the
 * clock jumps past it when a zone changes its clocks at midnight (Chile, the Azores), so a day may be 23 or 25 hours.
 */
export function localDays(from: number, to: number, timeZone: string): LocalDay[] {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** The local clock reading at t, as epoch ms of the same reading in UTC. */
  const wall = (t: number) => {
    const p: Record<string, number> = {};
    for (const { type, value } of format.formatToParts(t)) p[type] = Number(value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000);
  };
  const startOf = (t: number) => {
    const midnight = Math.floor(wall(t) / DAY) * DAY;
    // Midnight at the offset of t, then at the offset found there: right unless a clock change is that close.
    let s = midnight - (wall(t) - t);
    s = midnight - (wall(s) - s);
    if (wall(s) === midnight) return s;
    // Midnight does not exist (skipped by a clock change): the day begins at the first instant on or after it.
    let lo = t - 2 * DAY;
    let hi = t;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (wall(mid) >= midnight) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const days: LocalDay[] = [];
  for (let s = startOf(from); s < to; s = startOf(s + INTO_NEXT_DAY))
    days.push({ start: s, day: new Date(wall(s)).toISOString().slice(0, 10) });
  return days;
}
