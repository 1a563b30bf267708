import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../pipeline/pipeline.ts';
import { stages } from '../pipeline/stages.ts';
import { messages } from './testing/fake-cloud.ts';
import { END, Fixture, RATES, START, until } from './testing/fixture.ts';

describe('ingest runtime across restarts', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await Fixture.open();
  });
  afterEach(async () => {
    await f.close();
  });

  it('waits out the source interval and the vendor spacing counted by the process before', async () => {
    f.cloud.addFeed('alpine', messages('spot-1', 1, START));
    f.cloud.addFeed('desert', messages('spot-2', 1, START));
    const a = await f.addSource('alpine');
    const b = await f.addSource('desert', { enabled: false });
    f.clock.holdAt(START);
    const first = f.start();
    await until(async () => (await f.source(a.id)).cursor === '1', 'the first run');
    await first.stop();

    await f.storage.updateSource(b.id, { enabled: true });
    f.start({ storage: await f.reopen() });
    f.clock.holdAt(END);
    await until(() => f.cloud.requests.length === 3, 'both sources asked after the restart');

    const [before, ...after] = f.cloud.requests;
    expect(before).toMatchObject({ feed: 'alpine', at: START });
    expect(after.map((r) => [r.feed, r.at])).toEqual([
      ['desert', START + RATES.vendorSpacingMs],
      ['alpine', START + RATES.sourceIntervalMs],
    ]);
  });

  it('fetches again, after the interval, a page whose process died before committing it', async () => {
    const feed = messages('spot-1', 6, START);
    f.cloud.addFeed('alpine', feed);
    const source = await f.addSource('alpine');
    // The first process stops dead in its pipeline on page 2 (cursor 2 → 4), as if killed there.
    let blocked = false;
    let kill = (_err: Error) => {};
    const dying = new Pipeline(f.storage, [
      {
        name: 'die-on-page-2',
        run: (batch) => {
          if (batch.sourceCursor?.cursor !== '4') return;
          blocked = true;
          return new Promise<void>((_resolve, reject) => (kill = reject));
        },
      },
      ...stages(f.storage),
    ]);
    // Both processes go by one lease owner name, as a process restarted under its old name would: the dead one's
    // lease then does not hold the source back until it runs out (tests across processes cover that).
    f.start({ pipeline: dying, owner: 'host-a' });
    try {
      await until(() => blocked, 'page 2 is fetched and never committed');
      const fetchedAt = f.cloud.requests[1]!.at;
      expect(await f.source(source.id)).toMatchObject({
        cursor: '2',
        status: 'running',
        lastRequestAt: fetchedAt,
      });
      expect((await f.stored()).positions).toHaveLength(2);

      f.start({ storage: await f.reopen(), owner: 'host-a' });
      await until(async () => (await f.source(source.id)).cursor === '6', 'the restarted process reads on');

      expect(f.cloud.requests.map((r) => r.cursor)).toEqual([null, '2', '2', '4']);
      expect(f.cloud.requests[2]!.at).toBe(fetchedAt + RATES.sourceIntervalMs);
      const { positions, messages: stored } = await f.stored();
      expect(positions.map((p) => p.fixTime).sort()).toEqual(feed.map((m) => m.time));
      expect(new Set(stored.map((m) => m.sourceMessageId)).size).toBe(6);
      expect(stored).toHaveLength(6);
    } finally {
      kill(new Error('process gone'));
    }
  });
});
