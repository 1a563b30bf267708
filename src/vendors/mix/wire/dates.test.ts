import { describe, expect, it } from 'vitest';
import { formatSince, parseMixDate, parseSince } from './dates.ts';

describe('MiX dates', () => {
  it('reads /Date(ms+zzzz)/ with any offset as UTC milliseconds, escaped or not', () => {
    expect(parseMixDate('/Date(1346080140000+0500)/')).toBe(1346080140000);
    expect(parseMixDate('\\/Date(1346080140000-0330)\\/')).toBe(1346080140000);
    expect(parseMixDate('/Date(1346080140000)/')).toBe(1346080140000);
  });

  it('reads ISO 8601 with seven fraction digits and an offset', () => {
    expect(parseMixDate('2012-08-27T15:09:00.0000000+05:00')).toBe(Date.UTC(2012, 7, 27, 10, 9));
    expect(parseMixDate('2011-05-25T03:47:12.87Z')).toBe(1306295232870);
    expect(() => parseMixDate('2012-02-30T00:00:00Z')).toThrow(/not a date/);
  });

  it('reads :since as epoch seconds or YYYYMMDDHHmmss, the latter in the globalisation zone', () => {
    expect(parseSince('1306295232')).toBe(1306295232000);
    expect(parseSince('20110101000000')).toBe(Date.UTC(2011, 0, 1));
    expect(parseSince('20110701120000', 'Europe/Zurich')).toBe(Date.UTC(2011, 6, 1, 10));
    expect(formatSince(Date.UTC(2011, 0, 1, 2, 3, 4, 567))).toBe('20110101020304');
    expect(() => parseSince('20111301000000')).toThrow(/not a date/);
    expect(() => parseSince('yesterday')).toThrow(/seconds since 1970 or YYYYMMDDHHmmss/);
  });
});
