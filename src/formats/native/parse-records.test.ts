import { describe, expect, it } from 'vitest';
import {
  BodyParseError,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  parseRecord,
  splitBody,
  TooManyRecordsError,
} from './parse-records.ts';

describe('splitBody', () => {
  it('reads a JSON array, or one object as a batch of one', () => {
    expect(splitBody('[{"a":1},{"a":2}]', false)).toHaveLength(2);
    expect(splitBody('{"a":1}', false)).toEqual([{ a: 1 }]);
  });

  it('refuses a JSON body that does not parse, or that holds no records', () => {
    expect(() => splitBody('[{"a":', false)).toThrow(BodyParseError);
    expect(() => splitBody('42', false)).toThrow(/array of records/);
  });

  it('keeps the good lines of NDJSON and marks the broken one with its line number', () => {
    const values = splitBody('{"a":1}\n\nnot json\n{"a":2}\n', true);
    expect(values).toEqual([{ a: 1 }, { lineError: 'line 3 is not valid JSON' }, { a: 2 }]);
  });

  it('refuses NDJSON in which no line parses', () => {
    expect(() => splitBody('nope\nstill nope', true)).toThrow(BodyParseError);
  });

  it('refuses more records than the bound, counted before parsing, in either form', () => {
    expect(splitBody('[1,2,3]', false, 3)).toEqual([1, 2, 3]);
    expect(() => splitBody('[1,2,3,4]', false, 3)).toThrow(TooManyRecordsError);
    // Commas inside records and strings are not records.
    expect(splitBody('[{"a":[1,2,3,4]},"x,y,z,w"]', false, 3)).toHaveLength(2);
    expect(splitBody('{"a":1,"b":2,"c":3,"d":4}', false, 3)).toHaveLength(1);
    expect(splitBody('1\n\n\n\n2\n3\n', true, 3)).toEqual([1, 2, 3]);
    expect(() => splitBody('1\n2\n3\n4', true, 3)).toThrow(TooManyRecordsError);
    expect(() => splitBody('nope\n'.repeat(4), true, 3)).toThrow(TooManyRecordsError);
  });
});

describe('parseRecord', () => {
  const base = { vendor: 'app', externalId: 'x', fixTime: '2026-01-02T03:04:05.678Z', lat: 1.5, lon: -2.5 };

  it('reads a position with ISO time into epoch milliseconds', () => {
    const r = parseRecord({ ...base, speed: 10, course: 90, ignition: true });
    expect(r).toEqual({
      ok: true,
      record: {
        device: { vendor: 'app', externalId: 'x' },
        position: {
          fixTime: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
          lat: 1.5,
          lon: -2.5,
          speed: 10,
          course: 90,
          ignition: true,
        },
      },
    });
  });

  it('takes epoch milliseconds and zone offsets as times', () => {
    const ms = parseRecord({ ...base, fixTime: 1_700_000_000_000 });
    const offset = parseRecord({ ...base, fixTime: '2026-01-02T05:04:05+02:00' });
    expect(ms.ok && ms.record.position?.fixTime).toBe(1_700_000_000_000);
    expect(offset.ok && offset.record.position?.fixTime).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
  });

  it('rejects a time without a zone, which would be read in the server zone', () => {
    expect(parseRecord({ ...base, fixTime: '2026-01-02 03:04:05' })).toMatchObject({
      ok: false,
      code: 'INVALID_TIME',
    });
  });

  it('refuses retractions, which only derivation writes', () => {
    const events = [{ type: 'event-retracted', attributes: { eventId: 12 } }];
    expect(parseRecord({ ...base, events })).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
  });

  it('names the field of the wrong type', () => {
    expect(parseRecord({ ...base, lat: 'north' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('/lat'),
    });
  });

  it('rejects unknown fields rather than dropping them silently', () => {
    expect(parseRecord({ ...base, latitude: 1 })).toMatchObject({ ok: false, code: 'INVALID_RECORD' });
  });

  it('needs exactly one way of naming the device', () => {
    expect(parseRecord({ fixTime: base.fixTime, lat: 1, lon: 1 })).toMatchObject({ ok: false });
    expect(parseRecord({ ...base, deviceId: 3 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not both'),
    });
  });

  it('needs fixTime, lat and lon together', () => {
    expect(parseRecord({ vendor: 'a', externalId: 'b', lat: 1, lon: 1 })).toMatchObject({ ok: false });
  });

  it('gives a message the fix time when it has none, and events the record time', () => {
    const r = parseRecord({
      ...base,
      message: { id: 'm1', type: 'OK', payload: 'hi' },
      events: [{ type: 'sos' }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.message).toMatchObject({
      deviceTime: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
      sourceMessageId: 'm1',
    });
    expect(r.record.events).toEqual([
      { type: 'sos', time: Date.UTC(2026, 0, 2, 3, 4, 5, 678), key: null, attributes: {} },
    ]);
  });

  it('passes a line error through as a rejection', () => {
    expect(parseRecord({ lineError: 'line 3 is not valid JSON' })).toEqual({
      ok: false,
      code: 'INVALID_RECORD',
      reason: 'line 3 is not valid JSON',
    });
  });
});

describe('nesting bound', () => {
  it('counts brackets outside strings only', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('["[[[[", "\\"[[[["]', 1)).toBe(false);
    expect(nestsDeeperThan('[{"a":[{}]}]', 3)).toBe(true);
  });

  it('refuses a body nested deeper than the bound before parsing it', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(() => splitBody(deep, false)).toThrow(BodyParseError);
    expect(splitBody(`${deep}\n{"a":1}`, true)).toEqual([
      { lineError: `line 1 nests deeper than ${MAX_JSON_DEPTH} levels` },
      { a: 1 },
    ]);
  });
});
