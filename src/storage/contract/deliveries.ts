import { describe, expect } from 'vitest';
import type { Storage } from '../storage.ts';
import { groupTree, storageIt, T0, type OpenStorage } from './fixtures.ts';

/**
 * A callback row for deliveries to point at. Written directly: managing callbacks is not this interface's
 * business, and the tests must not depend on how it is done.
 */
async function aCallback(s: Storage): Promise<number> {
  const { fleet } = await groupTree(s);
  const values = [fleet.id, 'url', 'data', T0] as const;
  if ('db' in s) {
    const db = (s as unknown as { db: import('better-sqlite3').Database }).db;
    return Number(
      db
        .prepare('INSERT INTO callbacks (group_id, channel, kind, created_at) VALUES (?, ?, ?, ?)')
        .run(...values).lastInsertRowid,
    );
  }
  const sql = (s as unknown as { sql: import('postgres').Sql }).sql;
  const [r] = await sql`INSERT INTO callbacks (group_id, channel, kind, created_at)
    VALUES (${values[0]}, ${values[1]}, ${values[2]}, ${values[3]}) RETURNING id`;
  return Number(r!.id);
}

/** The delivery queue: each due delivery claimed by one process at a time, retried, finished once. */
export function describeDeliveries(open: OpenStorage) {
  const it = storageIt(open);

  describe('deliveries', () => {
    it('claims a due delivery once, retries it later, and finishes it', async (s) => {
      const callbackId = await aCallback(s);
      const queued = await s.enqueueDelivery({ callbackId, payload: '{"a":1}' }, T0);
      const later = await s.enqueueDelivery({ callbackId, payload: 'later', nextAttemptAt: T0 + 60_000 }, T0);
      expect(queued).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0, claimedBy: null });

      const [claimed, ...rest] = await s.claimDeliveries('a', 10, 30_000, T0 + 1);
      expect(rest).toEqual([]);
      expect(claimed).toMatchObject({
        id: queued.id,
        attempts: 1,
        claimedBy: 'a',
        claimedUntil: T0 + 30_001,
      });
      expect(await s.claimDeliveries('b', 10, 30_000, T0 + 2)).toEqual([]);

      const retryAt = T0 + 10_000;
      expect(
        await s.finishDelivery(
          queued.id,
          'a',
          { status: 'retry', nextAttemptAt: retryAt, httpStatus: 503, reason: 'HTTP 503' },
          T0 + 3,
        ),
      ).toBe(true);
      expect(await s.getDelivery(queued.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: retryAt,
        lastStatus: 503,
        lastReason: 'HTTP 503',
        claimedBy: null,
      });
      expect(await s.claimDeliveries('b', 10, 30_000, retryAt - 1)).toEqual([]);
      expect(await s.pendingDeliveries()).toEqual({ webhook: 0, callback: 2 });

      const again = await s.claimDeliveries('b', 10, 30_000, T0 + 60_000);
      expect(again.map((d) => [d.id, d.attempts])).toEqual([
        [queued.id, 2],
        [later.id, 1],
      ]);
      expect(
        await s.finishDelivery(queued.id, 'b', { status: 'delivered', httpStatus: 200 }, T0 + 60_001),
      ).toBe(true);
      expect(
        await s.finishDelivery(later.id, 'b', { status: 'failed', reason: 'HTTP 410' }, T0 + 60_001),
      ).toBe(true);
      expect(await s.getDelivery(queued.id)).toMatchObject({ status: 'delivered', deliveredAt: T0 + 60_001 });
      expect(await s.getDelivery(later.id)).toMatchObject({ status: 'failed', lastReason: 'HTTP 410' });
      expect(await s.claimDeliveries('c', 10, 30_000, T0 + 999_999)).toEqual([]);
      expect(await s.pendingDeliveries()).toEqual({ webhook: 0, callback: 0 });
    });

    it('gives a delivery to another owner when the claim runs out, and refuses the late finish', async (s) => {
      const callbackId = await aCallback(s);
      const d = await s.enqueueDelivery({ callbackId, payload: 'x' }, T0);
      expect(await s.claimDeliveries('dead', 1, 1_000, T0)).toHaveLength(1);
      expect(await s.claimDeliveries('alive', 1, 1_000, T0 + 1_000)).toEqual([]);
      expect((await s.claimDeliveries('alive', 1, 1_000, T0 + 1_001)).map((x) => x.id)).toEqual([d.id]);
      expect(await s.finishDelivery(d.id, 'dead', { status: 'delivered' }, T0 + 1_002)).toBe(false);
      expect(await s.getDelivery(d.id)).toMatchObject({ status: 'pending', claimedBy: 'alive', attempts: 2 });
    });

    it('splits due deliveries among simultaneous claimers without giving any out twice', async (s) => {
      const callbackId = await aCallback(s);
      for (let i = 0; i < 30; i++) await s.enqueueDelivery({ callbackId, payload: `p${i}` }, T0 + i);
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((owner) => s.claimDeliveries(owner, 10, 30_000, T0 + 100)),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(30);
      for (const [i, claim] of claims.entries()) {
        expect(claim.every((d) => d.claimedBy === ['a', 'b', 'c', 'd'][i])).toBe(true);
      }
    });
  });
}
