/** ISO 8601 with a zone; a time without one would be read in the server's zone, silently wrong elsewhere. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch milliseconds from a wire time, or an explanation of why it is not one. */
export function parseTime(value: string | number): number | { error: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { error: `${value} is not a time` };
  }
  if (!ISO_WITH_ZONE.test(value)) {
    return { error: `"${value}" is not ISO 8601 with a zone (e.g. 2026-05-01T12:00:00Z)` };
  }
  const t = Date.parse(value);
  // Date.parse rolls impossible days over (2025-02-30 becomes 2025-03-02): a corrupt time, not a fix.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(t) || calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) {
    return { error: `"${value}" is not a valid date` };
  }
  return t;
}
