import type { Sql } from 'postgres';
import { feedFromRow, type Feed, type FeedStore, type NewFeed } from './feeds.ts';
import type { Row } from '../../../storage/rows/columns.ts';

async function withDevices(sql: Sql, rows: Row[]): Promise<Feed[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const links = await sql`SELECT feed_id, device_id FROM feed_devices WHERE feed_id = ANY(${ids}::bigint[])
    ORDER BY device_id`;
  return rows.map((r) =>
    feedFromRow(
      r,
      links.filter((l) => Number(l.feed_id) === Number(r.id)).map((l) => Number(l.device_id)),
    ),
  );
}

export function postgresFeeds(sql: Sql): FeedStore {
  const store: FeedStore = {
    async createFeed(input: NewFeed): Promise<Feed> {
      const ids = [...new Set(input.deviceIds)].sort((a, b) => a - b);
      return sql.begin(async (tx) => {
        const [inScope] = await tx`SELECT count(*)::int AS n FROM devices d JOIN groups g ON g.id = d.group_id
      WHERE d.id = ANY(${ids}::bigint[])
        AND g.path LIKE (SELECT path FROM groups WHERE id = ${input.groupId}) || '%'`;
        if (Number(inScope!.n) !== ids.length) throw new Error('a device of the feed is not in its group');
        const [row] =
          await tx`INSERT INTO feeds (group_id, feed_id, name, description, password_hash, rate_limited,
        created_at)
      VALUES (${input.groupId}, ${input.feedId}, ${input.name}, ${input.description ?? ''},
        ${input.passwordHash ?? null}, ${input.rateLimited ?? false}, ${Date.now()}) RETURNING *`;
        for (const id of ids)
          await tx`INSERT INTO feed_devices (feed_id, device_id) VALUES (${row!.id}, ${id})`;
        return feedFromRow(row!, ids);
      }) as Promise<Feed>;
    },
    async getFeedByPublicId(feedId: string): Promise<Feed | null> {
      const rows = await sql`SELECT * FROM feeds WHERE feed_id = ${feedId}`;
      return (await withDevices(sql, [...rows]))[0] ?? null;
    },
    async listFeeds(scope: string): Promise<Feed[]> {
      const rows = await sql`SELECT f.* FROM feeds f JOIN groups g ON g.id = f.group_id
    WHERE g.path LIKE ${scope}::text || '%' ORDER BY f.id`;
      return withDevices(sql, [...rows]);
    },
    async deleteFeed(id: number, scope: string): Promise<boolean> {
      const rows = await sql`DELETE FROM feeds WHERE id = ${id}
    AND group_id IN (SELECT id FROM groups WHERE path LIKE ${scope}::text || '%') RETURNING id`;
      return rows.length > 0;
    },
  };
  return store;
}
