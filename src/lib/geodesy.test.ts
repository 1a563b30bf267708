import fc from 'fast-check';
import { getDistance } from 'geolib';
import { describe, expect, it } from 'vitest';
import { distance } from './geodesy.ts';

const lat = fc.double({ min: -90, max: 90, noNaN: true });
const lon = fc.double({ min: -180, max: 180, noNaN: true });

describe('distance', () => {
  it("gives geolib's getDistance to the centimetre, for far and near points alike", () => {
    fc.assert(
      fc.property(
        lat,
        lon,
        lat,
        lon,
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        (aLat, aLon, bLat, bLon, step) => {
          const a = { lat: aLat, lon: aLon };
          for (const b of [
            { lat: bLat, lon: bLon },
            // A leg of a 1 Hz track: metres away.
            { lat: Math.min(90, aLat + step), lon: aLon + step },
          ]) {
            const expected = getDistance(
              { latitude: a.lat, longitude: a.lon },
              { latitude: b.lat, longitude: b.lon },
              0.01,
            );
            expect(distance(a, b)).toBe(expected);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
