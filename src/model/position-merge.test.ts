import { describe, expect, it } from 'vitest';
import { mergePosition } from './position-merge.ts';

const stored = { fixTime: 1, lat: 1, lon: 2, speed: 0, course: null, attributes: { tid: 'JJ' } };

describe('mergePosition', () => {
  it('fills the fields the stored copy lacks and keeps the ones it has, zero included', () => {
    const merged = mergePosition(stored, {
      speed: 61,
      course: 271,
      attributes: { tid: 'XX', batteryLevel: 67 },
    });
    expect(merged).toEqual({ ...stored, course: 271, attributes: { tid: 'JJ', batteryLevel: 67 } });
    expect(stored.attributes).toEqual({ tid: 'JJ' });
  });

  it('says null when the copy adds nothing', () => {
    expect(mergePosition(stored, { speed: 3, course: null, attributes: { tid: 'JJ' } })).toBeNull();
    expect(mergePosition(stored, {})).toBeNull();
  });

  it('adds keys to a map field, or the map where there was none', () => {
    expect(mergePosition({ analogs: null }, { analogs: { a: 1 } })).toEqual({ analogs: { a: 1 } });
    expect(mergePosition({ temperatures: { t1: 5 } }, { temperatures: { t1: 9, t2: 7 } })).toEqual({
      temperatures: { t1: 5, t2: 7 },
    });
  });

  it('takes a false flag as a value', () => {
    expect(mergePosition({ ignition: null }, { ignition: false })).toEqual({ ignition: false });
  });
});
