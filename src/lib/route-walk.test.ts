import { describe, expect, it } from 'vitest';
import { distance } from './geodesy.ts';
import { SAMPLE_ROUTES, walkRoute } from './route-walk.ts';

const route = SAMPLE_ROUTES.drive;
const first = route[0]!;
const last = route[route.length - 1]!;

describe('walking a route', () => {
  it('starts at the first waypoint, reaches the last at its length, and comes back', () => {
    const walk = walkRoute(route, 10);
    const end = (walk.length / 10) * 1000;
    expect(distance(walk.at(0), first)).toBeLessThan(1);
    expect(distance(walk.at(end), last)).toBeLessThan(1);
    expect(distance(walk.at(2 * end), first)).toBeLessThan(1);
    // On the way back the course turns round.
    const out = walk.at(end / 10).course;
    const back = walk.at(2 * end - end / 10).course;
    expect(Math.abs(((out - back + 360) % 360) - 180)).toBeLessThan(20);
  });

  it('moves at its speed and stays on the polyline', () => {
    const walk = walkRoute(route, 15, 500);
    for (let t = 0; t < 600_000; t += 60_000) {
      const a = walk.at(t);
      const b = walk.at(t + 10_000);
      // Along a bend the straight line is shorter than the 150 m travelled, never longer.
      expect(distance(a, b)).toBeLessThanOrEqual(151);
      expect(distance(a, b)).toBeGreaterThan(100);
      // On a leg: going round by the point is no longer than the leg itself.
      const detour = Math.min(
        ...route.slice(1).map((to, i) => distance(route[i]!, a) + distance(a, to) - distance(route[i]!, to)),
      );
      expect(detour).toBeLessThan(0.5);
    }
  });

  it('refuses a route it cannot walk', () => {
    expect(() => walkRoute([first], 10)).toThrow('at least two waypoints');
    expect(() => walkRoute([first, first], 10)).toThrow('two distinct waypoints');
    expect(() => walkRoute(route, 0)).toThrow('positive speed');
  });
});
