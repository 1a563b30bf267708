import type Database from 'better-sqlite3';
import type { CallbackPatch, DeliveryQuery, NewOutgoingCallback, OutgoingCallback } from '../callbacks.ts';
import { deliveryFromRow, type Delivery } from '../deliveries.ts';

type Row = Record<string, unknown>;

const callbackFromRow = (r: Row): OutgoingCallback => ({
  id: Number(r.id),
  groupId: Number(r.group_id),
  deviceTypeId: r.device_type_id == null ? null : Number(r.device_type_id),
  channel: r.channel as OutgoingCallback['channel'],
  kind: String(r.kind),
  subtype: r.subtype == null ? null : String(r.subtype),
  config: JSON.parse(String(r.config)) as Record<string, unknown>,
  enabled: Boolean(r.enabled),
  dead: Boolean(r.dead),
  createdAt: Number(r.created_at),
});

export function createCallback(db: Database.Database, input: NewOutgoingCallback): OutgoingCallback {
  const row = db
    .prepare(
      `INSERT INTO callbacks (group_id, device_type_id, channel, kind, subtype, config, enabled, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      input.groupId,
      input.deviceTypeId ?? null,
      input.channel,
      input.kind,
      input.subtype ?? null,
      JSON.stringify(input.config ?? {}),
      input.enabled === false ? 0 : 1,
      Date.now(),
    );
  return callbackFromRow(row as Row);
}

export function getCallback(db: Database.Database, id: number): OutgoingCallback | null {
  const row = db.prepare('SELECT * FROM callbacks WHERE id = ?').get(id);
  return row ? callbackFromRow(row as Row) : null;
}

export function listCallbacks(
  db: Database.Database,
  q: { deviceTypeId?: number; groupId?: number },
): OutgoingCallback[] {
  return db
    .prepare(
      `SELECT * FROM callbacks WHERE (@type IS NULL OR device_type_id = @type)
        AND (@group IS NULL OR group_id = @group) ORDER BY id`,
    )
    .all({ type: q.deviceTypeId ?? null, group: q.groupId ?? null })
    .map((r) => callbackFromRow(r as Row));
}

export function updateCallback(db: Database.Database, id: number, p: CallbackPatch): OutgoingCallback | null {
  const row = db
    .prepare(
      `UPDATE callbacks SET config = coalesce(@config, config), enabled = coalesce(@enabled, enabled),
        dead = coalesce(@dead, dead) WHERE id = @id RETURNING *`,
    )
    .get({
      id,
      config: p.config === undefined ? null : JSON.stringify(p.config),
      enabled: p.enabled === undefined ? null : p.enabled ? 1 : 0,
      dead: p.dead === undefined ? null : p.dead ? 1 : 0,
    });
  return row ? callbackFromRow(row as Row) : null;
}

export function deleteCallback(db: Database.Database, id: number): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM deliveries WHERE callback_id = ?').run(id);
    return db.prepare('DELETE FROM callbacks WHERE id = ?').run(id).changes > 0;
  })();
}

export function listDeliveries(db: Database.Database, q: DeliveryQuery): Delivery[] {
  if (!q.callbackIds.length) return [];
  return db
    .prepare(
      `SELECT * FROM deliveries WHERE callback_id IN (SELECT value FROM json_each(@ids))
        AND (@status IS NULL OR status = @status) AND (@device IS NULL OR device_id = @device)
        AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
       ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({
      ids: JSON.stringify(q.callbackIds),
      status: q.status ?? null,
      device: q.deviceId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      limit: q.limit,
      offset: q.offset ?? 0,
    })
    .map((r) => deliveryFromRow(r as Row));
}
