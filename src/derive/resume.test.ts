import { afterEach, describe, expect, it } from 'vitest';
import { CommitFollower } from '../pipeline/commit-follower.ts';
import { DERIVE_CONSUMER, derivationFollower, derivePage } from './follow.ts';
import { openHarness, type Harness } from './testing/harness.ts';
import { TrackBuilder } from './testing/tracks.ts';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);
const MIN = 60;

let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});
async function harness() {
  const h = await openHarness();
  harnesses.push(h);
  return h;
}

/** Parked 10 min, 5 km, parked 20 min, 3 km, parked 30 min: two trips, three stops. */
const track = () =>
  new TrackBuilder(T0, 52.5, 13.4)
    .wait(10 * MIN, 30)
    .drive(5000, 50, 10)
    .wait(20 * MIN, 30)
    .drive(3000, 50, 10)
    .wait(30 * MIN, 30).fixes;

/** Stores positions without deriving them: a process that stopped right after its commits. */
async function commitOnly(h: Harness, fixes = track(), size = 40) {
  for (let i = 0; i < fixes.length; i += size) {
    await h.storage.commit({
      records: fixes.slice(i, i + size).map((position) => ({ deviceId: h.device.id, position })),
      sourceId: null,
      receivedTime: Date.now(),
    });
  }
}

async function derivedOf(h: Harness) {
  return { trips: await h.trips(), stops: await h.stops(), events: await h.events() };
}

describe('derivation resumes from the commit order', () => {
  it('derives after a restart what was committed while no deriver ran', async () => {
    const expected = await harness();
    await expected.feed(track(), 40);
    const reference = await derivedOf(expected);
    expect(reference.trips).toHaveLength(2);

    const h = await harness();
    // The consumer existed before the crash, so its cursor lies before the batches; its lease is gone.
    const before = derivationFollower(h.storage, h.deriver);
    await before.init();
    await commitOnly(h);
    await before.stop();
    expect(await h.trips()).toEqual([]);

    const restarted = derivationFollower(h.storage, h.deriver, { pageSize: 50 });
    await restarted.catchUp();
    expect(await derivedOf(h)).toEqual(reference);
    await restarted.stop();
  });

  it('derives a page again after a crash before its cursor was saved, without doubling anything', async () => {
    const expected = await harness();
    await expected.feed(track(), 40);
    const reference = await derivedOf(expected);

    const h = await harness();
    const before = derivationFollower(h.storage, h.deriver);
    await before.init();
    await before.stop();
    await commitOnly(h);
    // Dies after storing what it derived and committing the events, before moving the cursor.
    let crashed = false;
    const derive = derivePage(h.deriver);
    const dying = new CommitFollower({
      storage: h.storage,
      name: DERIVE_CONSUMER,
      pageSize: 100,
      handle: async (records) => {
        await derive(records);
        crashed = true;
        throw new Error('process killed');
      },
    });
    await expect(dying.catchUp()).rejects.toThrow('process killed');
    expect(crashed).toBe(true);
    await dying.stop();

    const restarted = derivationFollower(h.storage, h.deriver, { pageSize: 100 });
    await restarted.catchUp();
    expect(await derivedOf(h)).toEqual(reference);
    await restarted.stop();
  });

  it('leaves the work to the process holding the lease', async () => {
    const h = await harness();
    const holder = derivationFollower(h.storage, h.deriver);
    await holder.init();
    await commitOnly(h);
    const other = derivationFollower(h.storage, h.deriver);
    await other.catchUp();
    expect(await h.trips()).toEqual([]);
    await holder.catchUp();
    expect(await h.trips()).toHaveLength(2);
    await holder.stop();
    await other.stop();
  });
});
