import { describe, expect, it, vi } from 'vitest';
import { distance } from './geodesy.ts';
import { SAMPLE_ROUTES } from './route-walk.ts';
import { simulatePhones, type PhoneFix } from './simulated-phones.ts';

describe('simulated phones', () => {
  it('report one fix per phone per tick, a step apart in time and on the route', async () => {
    const sent: { phone: number; fix: PhoneFix }[] = [];
    const phones = simulatePhones(
      { phones: 3, route: SAMPLE_ROUTES.walk, stepMs: 10_000, startMs: 1_000_000 },
      async (phone, fix) => {
        sent.push({ phone, fix });
        return 200;
      },
    );
    await phones.tick();
    await phones.tick();
    await phones.stop();
    expect(sent.map((s) => [s.phone, s.fix.time])).toEqual([
      [0, 1_000_000],
      [1, 1_000_000],
      [2, 1_000_000],
      [0, 1_010_000],
      [1, 1_010_000],
      [2, 1_010_000],
    ]);
    // 10 s at 1.4 m/s.
    expect(distance(sent[0]!.fix, sent[3]!.fix)).toBeCloseTo(14, 0);
    expect(distance(sent[0]!.fix, sent[1]!.fix)).toBeGreaterThan(100);
    expect(phones.outcomes.map((o) => o.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('never overlaps ticks on its timer, and records a report with no answer as status 0', async () => {
    let inFlight = 0;
    let started = 0;
    let most = 0;
    let release = () => {};
    const phones = simulatePhones({ phones: 1, intervalMs: 1 }, async () => {
      started++;
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => (release = resolve));
      inFlight--;
      throw new Error('connection refused');
    });
    // The timer fires every millisecond; each report is held until released.
    for (let i = 1; i <= 3; i++) {
      await vi.waitFor(() => expect(started).toBe(i));
      release();
    }
    await vi.waitFor(() => expect(started).toBe(4));
    const stopping = phones.stop();
    release();
    await stopping;
    expect(most).toBe(1);
    expect(phones.outcomes).toHaveLength(4);
    expect(phones.outcomes.every((o) => o.status === 0)).toBe(true);
  });
});
