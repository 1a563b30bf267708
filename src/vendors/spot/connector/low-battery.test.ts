import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness } from '../../../derive/testing/harness.ts';
import { spotMessages } from '../testing/messages.ts';
import { toRecord } from './to-records.ts';

describe('SPOT low battery', () => {
  let h: Awaited<ReturnType<typeof openHarness>>;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  /** Oldest first: GOOD, LOW, LOW, LOW, GOOD, LOW, LOW, as a messenger reports on every message. */
  const states = ['GOOD', 'LOW', 'LOW', 'LOW', 'GOOD', 'LOW', 'LOW'];
  const fixes = () =>
    spotMessages('0-1', states.length, Date.UTC(2026, 0, 1))
      .reverse()
      .map((m, i) => toRecord({ ...m, batteryState: states[i]! }).position!);

  it('raises one event each time the state turns LOW, not one per LOW message', async () => {
    const all = fixes();
    await h.feed(all, 2);
    const low = (await h.events()).filter((e) => e.type === 'low-battery').map((e) => e.time);
    expect(low).toEqual([all[1]!.fixTime, all[5]!.fixTime]);
  });

  it('agrees when the messages arrive newest first, as a feed is paged', async () => {
    const all = fixes();
    await h.feed([...all].reverse(), 3);
    const low = (await h.events()).filter((e) => e.type === 'low-battery').map((e) => e.time);
    expect(low).toEqual([all[1]!.fixTime, all[5]!.fixTime]);
  });
});
