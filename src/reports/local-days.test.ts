import { describe, expect, it } from 'vitest';
import { isTimeZone, localDays } from './local-days.ts';

const at = (s: string) => Date.parse(s);
const HOUR = 3_600_000;
const lengths = (days: { start: number }[], to: number) =>
  days.map((d, i) => ((days[i + 1]?.start ?? to) - d.start) / HOUR);

describe('local days', () => {
  it('start at local midnight and are labelled by the local date', () => {
    const days = localDays(at('2024-01-15T12:00Z'), at('2024-01-17T00:00Z'), 'Europe/Zurich');
    expect(days).toEqual([
      { start: at('2024-01-14T23:00Z'), day: '2024-01-15' },
      { start: at('2024-01-15T23:00Z'), day: '2024-01-16' },
      { start: at('2024-01-16T23:00Z'), day: '2024-01-17' },
    ]);
  });

  it('last 23 hours when the clocks go forward and 25 when they go back', () => {
    const spring = localDays(at('2024-03-30T23:00Z'), at('2024-03-31T22:00Z'), 'Europe/Zurich');
    expect(spring.map((d) => d.day)).toEqual(['2024-03-31']);
    expect(lengths(spring, at('2024-03-31T22:00Z'))).toEqual([23]);
    const autumn = localDays(at('2024-10-26T22:00Z'), at('2024-10-27T23:00Z'), 'Europe/Zurich');
    expect(autumn.map((d) => d.day)).toEqual(['2024-10-27']);
    expect(lengths(autumn, at('2024-10-27T23:00Z'))).toEqual([25]);
  });

  it('begin where the clock jumps past a midnight that does not exist', () => {
    // Chile went from UTC-4 to UTC-3 at 24:00 on 7 September 2024: 8 September began at 01:00.
    const days = localDays(at('2024-09-07T12:00Z'), at('2024-09-09T12:00Z'), 'America/Santiago');
    expect(days).toEqual([
      { start: at('2024-09-07T04:00Z'), day: '2024-09-07' },
      { start: at('2024-09-08T04:00Z'), day: '2024-09-08' },
      { start: at('2024-09-09T03:00Z'), day: '2024-09-09' },
    ]);
  });

  it('are UTC days in UTC', () => {
    const days = localDays(at('2024-03-30T05:00Z'), at('2024-04-01T00:00Z'), 'UTC');
    expect(days).toEqual([
      { start: at('2024-03-30T00:00Z'), day: '2024-03-30' },
      { start: at('2024-03-31T00:00Z'), day: '2024-03-31' },
    ]);
  });

  it('knows IANA zones and no others', () => {
    expect(isTimeZone('Europe/Zurich')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });
});
