import type { Sql } from 'postgres';
import { RECEIVER_SECRETS } from '../rows/tables.ts';
import type { NewReceiverSecret, ReceiverSecret, ReceiverSecretStorage } from '../receiver-secrets.ts';

export function postgresReceiverSecrets(sql: Sql): ReceiverSecretStorage {
  const store: ReceiverSecretStorage = {
    async createReceiverSecret(input: NewReceiverSecret): Promise<ReceiverSecret> {
      const [r] = await sql`INSERT INTO receiver_secrets
      (source_id, external_id, name, prefix, secret_hash, created_at)
    VALUES (${input.sourceId}, ${input.externalId ?? null}, ${input.name}, ${input.prefix},
      ${input.secretHash}, ${Date.now()})
    RETURNING *`;
      return RECEIVER_SECRETS.fromRow(r!);
    },
    async findReceiverSecret(secretHash: string): Promise<ReceiverSecret | null> {
      const [r] = await sql`SELECT * FROM receiver_secrets
    WHERE secret_hash = ${secretHash} AND revoked_at IS NULL`;
      return r ? RECEIVER_SECRETS.fromRow(r) : null;
    },
    async listReceiverSecrets(sourceId: number): Promise<ReceiverSecret[]> {
      const rows = await sql`SELECT * FROM receiver_secrets WHERE source_id = ${sourceId} ORDER BY id`;
      return rows.map(RECEIVER_SECRETS.fromRow);
    },
    async revokeReceiverSecret(id: number, sourceId: number): Promise<boolean> {
      const rows = await sql`UPDATE receiver_secrets SET revoked_at = ${Date.now()}
    WHERE id = ${id} AND source_id = ${sourceId} AND revoked_at IS NULL`;
      return rows.count > 0;
    },
  };
  return store;
}
