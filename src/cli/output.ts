/**
 * What commands print. With `--json`, for scripts: a list is a JSON array of objects, a single record (what an
 * add or create command made) one object with the same keys as its row in the list; times are ISO 8601 in UTC,
 * a missing value is null. Without it, an aligned table.
 */
export function printRows(rows: Record<string, unknown>[], json: boolean | undefined): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (!rows.length) {
    console.log('(none)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown) => (v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}

/** One record: as a JSON object with `--json`, else the command's line of text. */
export function printRecord(record: Record<string, unknown>, json: boolean | undefined, text: string): void {
  console.log(json ? JSON.stringify(record, null, 2) : text);
}

/** An instant as the JSON and table output show it. */
export const isoTime = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
