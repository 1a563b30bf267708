import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { MAX_POLYGON_POINTS, newPlace } from './place-input.ts';

/** An open ring of `n` points around (52.5, 13.4). */
const ring = (n: number): [number, number][] =>
  Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [52.5 + 0.01 * Math.sin(a), 13.4 + 0.01 * Math.cos(a)];
  });

const place = (polygon: [number, number][]) =>
  newPlace(1, { name: 'depot', latitude: 52.5, longitude: 13.4, polygon });

describe('newPlace', () => {
  it('closes a polygon of up to the bound', () => {
    const created = place(ring(MAX_POLYGON_POINTS));
    expect(created.polygon).toHaveLength(MAX_POLYGON_POINTS + 1);
    expect(created.polygon!.at(-1)).toEqual(created.polygon![0]);
  });

  it('refuses a polygon past the bound, as every fix near it would be measured against each edge', () => {
    expect(() => place(ring(MAX_POLYGON_POINTS + 1))).toThrow(ApiError);
    expect(() => place(ring(MAX_POLYGON_POINTS + 1))).toThrow(/at most 10,000 points/);
  });
});
