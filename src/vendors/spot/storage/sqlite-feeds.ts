import { feedFromRow, type Feed, type FeedStore, type NewFeed } from './feeds.ts';
import type { Row } from '../../../storage/rows/columns.ts';
import type { SqliteDatabase } from '../../../storage/sqlite/database.ts';

const ids = (values: number[]) => JSON.stringify(values);

function withDevices(db: SqliteDatabase, rows: Row[]): Feed[] {
  return rows.map((r) =>
    feedFromRow(
      r,
      db.values('SELECT device_id FROM feed_devices WHERE feed_id = ? ORDER BY device_id', r.id).map(Number),
    ),
  );
}

export function sqliteFeeds(db: SqliteDatabase): FeedStore {
  return {
    createFeed: async (input) => createFeed(db, input),
    getFeedByPublicId: async (feedId) => getFeedByPublicId(db, feedId),
    listFeeds: async (scope) => listFeeds(db, scope),
    deleteFeed: async (id, scope) => deleteFeed(db, id, scope),
  };
}

function createFeed(db: SqliteDatabase, input: NewFeed): Feed {
  const create = db.transaction(() => {
    const deviceIds = [...new Set(input.deviceIds)].sort((a, b) => a - b);
    const inScope = deviceIds.length
      ? Number(
          db.value(
            `SELECT count(*) FROM devices d JOIN groups g ON g.id = d.group_id
             WHERE d.id IN (SELECT value FROM json_each(?))
               AND g.path LIKE (SELECT path FROM groups WHERE id = ?) || '%'`,
            ids(deviceIds),
            input.groupId,
          ),
        )
      : 0;
    if (inScope !== deviceIds.length) throw new Error('a device of the feed is not in its group');
    const row = db.get(
      `INSERT INTO feeds (group_id, feed_id, name, description, password_hash, rate_limited, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      input.groupId,
      input.feedId,
      input.name,
      input.description ?? '',
      input.passwordHash ?? null,
      input.rateLimited ? 1 : 0,
      Date.now(),
    )!;
    for (const id of deviceIds)
      db.run('INSERT INTO feed_devices (feed_id, device_id) VALUES (?, ?)', row.id, id);
    return feedFromRow(row, deviceIds);
  });
  return create.immediate();
}

function getFeedByPublicId(db: SqliteDatabase, feedId: string): Feed | null {
  const row = db.get('SELECT * FROM feeds WHERE feed_id = ?', feedId);
  return row ? withDevices(db, [row])[0]! : null;
}

function listFeeds(db: SqliteDatabase, scope: string): Feed[] {
  const rows = db.all(
    `SELECT f.* FROM feeds f JOIN groups g ON g.id = f.group_id WHERE g.path LIKE ? || '%' ORDER BY f.id`,
    scope,
  );
  return withDevices(db, rows);
}

function deleteFeed(db: SqliteDatabase, id: number, scope: string): boolean {
  const { changes } = db.run(
    `DELETE FROM feeds WHERE id = ? AND group_id IN (SELECT id FROM groups WHERE path LIKE ? || '%')`,
    id,
    scope,
  );
  return changes > 0;
}
