import type { TransactionSql } from 'postgres';
import { MERGED_POSITION_FIELDS, mergePosition } from '../../model/position-merge.ts';
import type { StoredPosition } from '../../model/records.ts';
import type { Row } from '../rows/columns.ts';
import { POSITIONS } from '../rows/tables.ts';
import { ARRAY_TYPE, arrayValue, CAST } from './bulk-insert.ts';
import type { Planned } from './commit-inserts.ts';

const MERGED = MERGED_POSITION_FIELDS.map((f) => POSITIONS.column(f));

/**
 * The positions of the batch that were stored already (not in `inserted`) may complete the stored copy
 * (model/position-merge.ts): in record order, each adds what the copy so far lacks. Changed rows are written in
 * one statement and take this transaction's `commit_xid`, which puts them back in the sync order (sync.ts) with
 * their ids unchanged. Returns, per record that added something, the position as now stored. The commit holds
 * the devices' rows, so no other writer changes these positions meanwhile.
 */
export async function mergePositions(
  tx: TransactionSql,
  planned: Planned[],
  inserted: Map<number, Row>,
): Promise<Map<Planned, StoredPosition>> {
  const copies = planned.filter((p) => p.positionId != null && !inserted.has(p.positionId));
  if (!copies.length) return new Map();
  const at = copies.map((p) => p.record.position!);
  const found = await tx`SELECT p.*, u.ord FROM unnest(${copies.map((p) => p.record.deviceId)}::bigint[],
      ${at.map((p) => p.fixTime)}::bigint[], ${at.map((p) => p.lat)}::float8[], ${at.map((p) => p.lon)}::float8[])
      WITH ORDINALITY u(device_id, fix_time, lat, lon, ord)
    JOIN positions p ON p.device_id = u.device_id AND p.fix_time = u.fix_time AND p.lat = u.lat AND p.lon = u.lon`;
  const storedAt = new Map(found.map((r) => [Number(r.ord) - 1, POSITIONS.fromRow(r)]));
  const current = new Map<number, StoredPosition>();
  const merged = new Map<Planned, number>();
  copies.forEach((copy, i) => {
    const stored = storedAt.get(i);
    if (!stored) return;
    const next = mergePosition(current.get(stored.id) ?? stored, copy.record.position!);
    if (!next) return;
    current.set(stored.id, next);
    merged.set(copy, stored.id);
  });
  if (!current.size) return new Map();
  const rows = [...current.values()];
  const arrays = [
    tx`${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.fixTime)}::bigint[]`,
    ...MERGED.map(
      (c) =>
        tx`${rows.map((r) => arrayValue(c.codec.kind, r[c.field]))}::${tx.unsafe(ARRAY_TYPE[c.codec.kind])}[]`,
    ),
  ].reduce((list, array) => tx`${list}, ${array}`);
  const names = MERGED.map((c) => c.name);
  await tx`UPDATE positions p SET ${tx.unsafe(MERGED.map((c) => `${c.name} = u.${c.name}${CAST[c.codec.kind]}`).join(', '))},
      commit_xid = pg_current_xact_id()
    FROM unnest(${arrays}) u(id, fix_time, ${tx.unsafe(names.join(', '))})
    WHERE p.id = u.id AND p.fix_time = u.fix_time`;
  return new Map([...merged].map(([copy, id]) => [copy, current.get(id)!]));
}
