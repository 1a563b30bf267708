import {
  feedFromRow,
  type Feed,
  type FeedEntry,
  type FeedEntryQuery,
  type FeedStore,
  type NewFeed,
} from './feeds.ts';
import type { Row } from '../../../storage/rows/columns.ts';
import { MESSAGES, POSITIONS } from '../../../storage/rows/tables.ts';
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
    listFeedEntries: async (query) => listFeedEntries(db, query),
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

function listFeedEntries(db: SqliteDatabase, q: FeedEntryQuery): { total: number; items: FeedEntry[] } {
  if (!q.deviceIds.length) return { total: 0, items: [] };
  const union = `
    SELECT 'p' AS kind, p.id AS eid, p.fix_time AS t FROM positions p
      WHERE p.device_id IN (SELECT value FROM json_each(@devices)) AND p.fix_time >= @from AND p.fix_time < @to
    UNION ALL
    SELECT 'm', m.id, m.device_time FROM messages m
      WHERE m.device_id IN (SELECT value FROM json_each(@devices)) AND m.device_time >= @from
        AND m.device_time < @to AND m.message_type IN (SELECT value FROM json_each(@types))
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)`;
  const types = q.messageTypes.length ? q.messageTypes : [''];
  const params = { devices: ids(q.deviceIds), from: q.from, to: q.to, types: JSON.stringify(types) };
  const total = Number(db.value(`SELECT count(*) FROM (${union})`, params));
  const keys = db.all(`${union} ORDER BY t DESC, eid DESC LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: q.limit,
    offset: q.offset,
  });
  const positionIds = keys.filter((k) => k.kind === 'p').map((k) => Number(k.eid));
  const positions = positionIds.length
    ? db.all('SELECT * FROM positions WHERE id IN (SELECT value FROM json_each(?))', ids(positionIds))
    : [];
  const byPosition = new Map(positions.map((r) => [Number(r.id), POSITIONS.fromRow(r)]));
  const messageIds = [
    ...keys.filter((k) => k.kind === 'm').map((k) => Number(k.eid)),
    ...positions.filter((r) => r.message_id != null).map((r) => Number(r.message_id)),
  ];
  const messages = messageIds.length
    ? db.all('SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?))', ids(messageIds))
    : [];
  const byMessage = new Map(messages.map((r) => [Number(r.id), MESSAGES.fromRow(r)]));
  const items = keys.map((k): FeedEntry => {
    const id = Number(k.eid);
    if (k.kind === 'm') {
      const message = byMessage.get(id)!;
      return { deviceId: message.deviceId, time: Number(k.t), position: null, message };
    }
    const position = byPosition.get(id)!;
    const message = position.messageId == null ? null : (byMessage.get(position.messageId) ?? null);
    return { deviceId: position.deviceId, time: Number(k.t), position, message };
  });
  return { total, items };
}
