import type { Row, Sql } from 'postgres';
import type { NewReceiverSecret, ReceiverSecret } from '../receiver-secrets.ts';

const fromRow = (r: Row): ReceiverSecret => ({
  id: Number(r.id),
  sourceId: Number(r.source_id),
  externalId: r.external_id == null ? null : String(r.external_id),
  name: String(r.name),
  prefix: String(r.prefix),
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at == null ? null : Number(r.revoked_at),
});

export async function createReceiverSecret(sql: Sql, input: NewReceiverSecret): Promise<ReceiverSecret> {
  const [r] = await sql`INSERT INTO receiver_secrets
      (source_id, external_id, name, prefix, secret_hash, created_at)
    VALUES (${input.sourceId}, ${input.externalId ?? null}, ${input.name}, ${input.prefix},
      ${input.secretHash}, ${Date.now()})
    RETURNING *`;
  return fromRow(r!);
}

export async function findReceiverSecret(sql: Sql, secretHash: string): Promise<ReceiverSecret | null> {
  const [r] = await sql`SELECT * FROM receiver_secrets
    WHERE secret_hash = ${secretHash} AND revoked_at IS NULL`;
  return r ? fromRow(r) : null;
}

export async function listReceiverSecrets(sql: Sql, sourceId: number): Promise<ReceiverSecret[]> {
  const rows = await sql`SELECT * FROM receiver_secrets WHERE source_id = ${sourceId} ORDER BY id`;
  return rows.map(fromRow);
}

export async function revokeReceiverSecret(sql: Sql, id: number, sourceId: number): Promise<boolean> {
  const rows = await sql`UPDATE receiver_secrets SET revoked_at = ${Date.now()}
    WHERE id = ${id} AND source_id = ${sourceId} AND revoked_at IS NULL`;
  return rows.count > 0;
}
