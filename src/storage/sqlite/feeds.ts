import type Database from 'better-sqlite3';
import type { Feed, FeedEntry, FeedEntryQuery, NewFeed } from '../feeds.ts';
import { feedFromRow, messageFromRow, positionFromRow, type Row } from './rows.ts';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

function withDevices(db: Database.Database, rows: Row[]): Feed[] {
  const devices = db
    .prepare('SELECT device_id FROM feed_devices WHERE feed_id = ? ORDER BY device_id')
    .pluck();
  return rows.map((r) => feedFromRow(r, (devices.all(r.id) as unknown[]).map(Number)));
}

export function createFeed(db: Database.Database, input: NewFeed): Feed {
  const create = db.transaction(() => {
    const ids = [...new Set(input.deviceIds)];
    const inScope = ids.length
      ? Number(
          db
            .prepare(
              `SELECT count(*) FROM devices d JOIN groups g ON g.id = d.group_id
               WHERE d.id IN (${marks(ids.length)})
                 AND g.path LIKE (SELECT path FROM groups WHERE id = ?) || '%'`,
            )
            .pluck()
            .get(...ids, input.groupId),
        )
      : 0;
    if (inScope !== ids.length) throw new Error('a device of the feed is not in its group');
    const row = db
      .prepare(
        `INSERT INTO feeds (group_id, feed_id, name, description, password_hash, rate_limited, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        input.groupId,
        input.feedId,
        input.name,
        input.description ?? '',
        input.passwordHash ?? null,
        input.rateLimited ? 1 : 0,
        Date.now(),
      ) as Row;
    const add = db.prepare('INSERT INTO feed_devices (feed_id, device_id) VALUES (?, ?)');
    for (const id of ids) add.run(row.id, id);
    return feedFromRow(
      row,
      ids.sort((a, b) => a - b),
    );
  });
  return create.immediate();
}

export function getFeedByPublicId(db: Database.Database, feedId: string): Feed | null {
  const row = db.prepare('SELECT * FROM feeds WHERE feed_id = ?').get(feedId) as Row | undefined;
  return row ? withDevices(db, [row])[0]! : null;
}

export function listFeeds(db: Database.Database, scope: string): Feed[] {
  const rows = db
    .prepare(
      `SELECT f.* FROM feeds f JOIN groups g ON g.id = f.group_id WHERE g.path LIKE ? || '%' ORDER BY f.id`,
    )
    .all(scope) as Row[];
  return withDevices(db, rows);
}

export function deleteFeed(db: Database.Database, id: number, scope: string): boolean {
  const { changes } = db
    .prepare(
      `DELETE FROM feeds WHERE id = ? AND group_id IN (SELECT id FROM groups WHERE path LIKE ? || '%')`,
    )
    .run(id, scope);
  return changes > 0;
}

export function listFeedEntries(
  db: Database.Database,
  q: FeedEntryQuery,
): { total: number; items: FeedEntry[] } {
  if (!q.deviceIds.length) return { total: 0, items: [] };
  const d = marks(q.deviceIds.length);
  const types = q.messageTypes.length ? q.messageTypes : [''];
  const union = `
    SELECT 'p' AS kind, p.id AS eid, p.fix_time AS t FROM positions p
      WHERE p.device_id IN (${d}) AND p.fix_time >= ? AND p.fix_time < ?
    UNION ALL
    SELECT 'm', m.id, m.device_time FROM messages m
      WHERE m.device_id IN (${d}) AND m.device_time >= ? AND m.device_time < ?
        AND m.message_type IN (${marks(types.length)})
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.message_id = m.id)`;
  const params = [...q.deviceIds, q.from, q.to, ...q.deviceIds, q.from, q.to, ...types];
  const total = Number(
    db
      .prepare(`SELECT count(*) FROM (${union})`)
      .pluck()
      .get(...params),
  );
  const keys = db
    .prepare(`${union} ORDER BY t DESC, eid DESC LIMIT ? OFFSET ?`)
    .all(...params, q.limit, q.offset) as Row[];
  const positionIds = keys.filter((k) => k.kind === 'p').map((k) => Number(k.eid));
  const positions = positionIds.length
    ? (db
        .prepare(`SELECT * FROM positions WHERE id IN (${marks(positionIds.length)})`)
        .all(...positionIds) as Row[])
    : [];
  const byPosition = new Map(positions.map((r) => [Number(r.id), positionFromRow(r)]));
  const messageIds = [
    ...keys.filter((k) => k.kind === 'm').map((k) => Number(k.eid)),
    ...positions.filter((r) => r.message_id != null).map((r) => Number(r.message_id)),
  ];
  const messages = messageIds.length
    ? (db
        .prepare(`SELECT * FROM messages WHERE id IN (${marks(messageIds.length)})`)
        .all(...messageIds) as Row[])
    : [];
  const byMessage = new Map(messages.map((r) => [Number(r.id), messageFromRow(r)]));
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
