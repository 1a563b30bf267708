import { describe, expect, it } from 'vitest';
import { MAX_ROW_CHARS } from '../csv/read-csv.ts';
import { MAX_PLACE_ROWS, parsePlacesCsv } from './places-csv.ts';

describe('places CSV bounds', () => {
  it(`reads up to ${MAX_PLACE_ROWS} rows and refuses a file with more`, () => {
    const rows = (n: number) => 'name,latitude,longitude\n' + 'depot,1,2\n'.repeat(n);
    expect(parsePlacesCsv(rows(MAX_PLACE_ROWS))).toHaveLength(MAX_PLACE_ROWS);
    expect(() => parsePlacesCsv(rows(MAX_PLACE_ROWS + 1))).toThrow(`more than ${MAX_PLACE_ROWS} places`);
  });

  it('refuses a row longer than a row can be, before holding it whole', () => {
    // A JSON array sent as CSV: one line of millions of fields.
    const line = `[${'1,'.repeat(MAX_ROW_CHARS)}1]`;
    expect(() => parsePlacesCsv(line)).toThrow(/Max Record Size/);
  });
});
