import type Database from 'better-sqlite3';
import type { NewReceiverSecret, ReceiverSecret } from '../receiver-secrets.ts';

type Row = Record<string, unknown>;

const fromRow = (r: Row): ReceiverSecret => ({
  id: Number(r.id),
  sourceId: Number(r.source_id),
  externalId: r.external_id == null ? null : String(r.external_id),
  name: String(r.name),
  prefix: String(r.prefix),
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at == null ? null : Number(r.revoked_at),
});

export function createReceiverSecret(db: Database.Database, input: NewReceiverSecret): ReceiverSecret {
  const row = db
    .prepare(
      `INSERT INTO receiver_secrets (source_id, external_id, name, prefix, secret_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(input.sourceId, input.externalId ?? null, input.name, input.prefix, input.secretHash, Date.now());
  return fromRow(row as Row);
}

export function findReceiverSecret(db: Database.Database, secretHash: string): ReceiverSecret | null {
  const row = db
    .prepare('SELECT * FROM receiver_secrets WHERE secret_hash = ? AND revoked_at IS NULL')
    .get(secretHash);
  return row ? fromRow(row as Row) : null;
}

export function listReceiverSecrets(db: Database.Database, sourceId: number): ReceiverSecret[] {
  return db
    .prepare('SELECT * FROM receiver_secrets WHERE source_id = ? ORDER BY id')
    .all(sourceId)
    .map((r) => fromRow(r as Row));
}

export function revokeReceiverSecret(db: Database.Database, id: number, sourceId: number): boolean {
  const { changes } = db
    .prepare(
      'UPDATE receiver_secrets SET revoked_at = ? WHERE id = ? AND source_id = ? AND revoked_at IS NULL',
    )
    .run(Date.now(), id, sourceId);
  return changes > 0;
}
