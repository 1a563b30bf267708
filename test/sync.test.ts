import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectStatus, type Json } from './support/api.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';

const T0 = Date.UTC(2025, 6, 1);
const WRITERS = 4;
const BATCHES = 25;
const PER_BATCH = 20;

describe('incremental sync', () => {
  let server: RunningServer;
  let admin: Api;
  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('gives a follower every record exactly once while several writers ingest concurrently', async () => {
    const sent = new Set<string>();
    let writersDone = false;
    // Polls that returned records; writers wait for it to move between batches, so that following and writing
    // really interleave however the machine schedules them.
    let pollsWithData = 0;
    const followerCaughtUp = async (seenBefore: number) => {
      for (let i = 0; i < 2000 && pollsWithData <= seenBefore; i++)
        await new Promise((r) => setTimeout(r, 2));
    };

    const writer = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const records = Array.from({ length: PER_BATCH }, (_, i) => {
          // Each writer sends two devices' data, later batches partly older than earlier ones.
          const n = b * PER_BATCH + i;
          const time = T0 + ((n * 7919) % (BATCHES * PER_BATCH)) * 1000;
          const externalId = `w${w}-d${n % 2}`;
          sent.add(`position|${externalId}|${new Date(time).toISOString()}`);
          const record: Json = {
            vendor: 'sync',
            externalId,
            fixTime: new Date(time).toISOString(),
            lat: 50 + w / 10,
            lon: 10 + n / 10_000,
          };
          if (n % 10 === 0) {
            record.events = [{ type: 'sos' }];
            sent.add(`event|${externalId}|${new Date(time).toISOString()}`);
          }
          return record;
        });
        const polled = pollsWithData;
        const res = expectStatus(await admin.ingest(records, b % 2 === 1), 200);
        expect(res).toMatchObject({ accepted: PER_BATCH, rejected: 0 });
        if (b % 5 === 4) await followerCaughtUp(polled);
      }
    };

    const seen: Json[] = [];
    let pollsWithDataWhileWriting = 0;
    const follower = async () => {
      let after: string | null = null;
      let idleAfterDone = 0;
      // Bounded: far more polls than needed, stops once writers are done and a poll returns nothing.
      for (let poll = 0; poll < 10_000; poll++) {
        const q = new URLSearchParams({ limit: '37' });
        if (after) q.set('after', after);
        const res = expectStatus(await admin.get(`/api/v1/sync?${q}`), 200);
        seen.push(...res.records);
        if (res.records.length) pollsWithData++;
        if (res.records.length && !writersDone) pollsWithDataWhileWriting++;
        after = res.next;
        if (!res.records.length) {
          if (writersDone && ++idleAfterDone >= 2) return;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      throw new Error('follower did not finish within its poll budget');
    };

    const following = follower();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writersDone = true;
    await following;
    // The follower really did read while the writers wrote.
    expect(pollsWithDataWhileWriting).toBeGreaterThan(5);

    const devices = new Map<number, string>(
      (await admin.all('/api/v1/devices')).map((d) => [d.id, d.externalIds[0].externalId]),
    );
    const ids = seen.map((r) => `${r.kind}#${(r.position ?? r.event ?? r.message).id}`);
    expect(new Set(ids).size).toBe(ids.length);
    // Derivation adds trip events of its own from these tracks; the check is on what the writers sent.
    const got = seen
      .filter((r) => r.kind === 'position' || r.event.type === 'sos')
      .map((r) =>
        r.kind === 'position'
          ? `position|${devices.get(r.position.deviceId)}|${r.position.fixTime}`
          : `event|${devices.get(r.event.deviceId)}|${r.event.time}`,
      );
    expect(got.length).toBe(sent.size);
    expect(new Set(got)).toEqual(sent);
    // A follower starting over now sees the same records, but for derived events retracted since (late data
    // took them back): those were deleted with their retraction, which both followers see.
    const retracted = new Set(
      seen
        .filter((r) => r.event?.type === 'event-retracted')
        .map((r) => `event#${r.event.attributes.eventId}`),
    );
    const fresh = await admin.syncAll(null, 500);
    expect(fresh.records.map((r: Json) => `${r.kind}#${(r.position ?? r.event ?? r.message).id}`)).toEqual(
      ids.filter((id) => !retracted.has(id)),
    );
  });

  it('returns nothing new after the last cursor, and only new records later', async () => {
    const { next } = await admin.syncAll();
    const empty = expectStatus(await admin.get(`/api/v1/sync?after=${next}`), 200);
    expect(empty.records).toEqual([]);
    expect(empty.more).toBe(false);
    expectStatus(
      await admin.ingest([
        { vendor: 'sync', externalId: 'late', fixTime: new Date(T0).toISOString(), lat: 1, lon: 1 },
      ]),
      200,
    );
    const after = expectStatus(await admin.get(`/api/v1/sync?after=${next}`), 200);
    expect(after.records).toHaveLength(1);
    expect(after.records[0].kind).toBe('position');
    expect(after.records[0].position.lat).toBe(1);
  });
});
