import { describe, expect, it } from 'vitest';
import { speedsOf } from './track-speed.ts';
import type { Position } from './types.ts';

const fix = (seconds: number, lat: number, speed: number | null = null): Position => ({
  id: seconds,
  deviceId: 1,
  fixTime: new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString(),
  lat,
  lon: 6,
  speed,
  course: null,
  altitude: null,
});

describe('speed along a track', () => {
  it('keeps reported speeds and derives missing ones from distance over time', () => {
    // 0.01° of latitude is about 1,112 m; in 60 s that is about 66.7 km/h.
    const speeds = speedsOf([fix(0, 46), fix(60, 46.01), fix(120, 46.02, 12), fix(120, 46.03)]);
    expect(speeds[0]).toBe(0);
    expect(speeds[1]).toBeCloseTo(66.7, 0);
    expect(speeds[2]).toBe(12);
    expect(speeds[3]).toBe(0);
  });
});
