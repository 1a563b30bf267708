import type { ReceiverSecretStorage } from '../receiver-secrets.ts';
import { RECEIVER_SECRETS } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteReceiverSecrets(db: SqliteDatabase): ReceiverSecretStorage {
  return {
    async createReceiverSecret(input) {
      const r = db.get(
        `INSERT INTO receiver_secrets (source_id, external_id, name, prefix, secret_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        input.sourceId,
        input.externalId ?? null,
        input.name,
        input.prefix,
        input.secretHash,
        Date.now(),
      );
      return RECEIVER_SECRETS.fromRow(r!);
    },
    async findReceiverSecret(secretHash) {
      const r = db.get(
        'SELECT * FROM receiver_secrets WHERE secret_hash = ? AND revoked_at IS NULL',
        secretHash,
      );
      return r ? RECEIVER_SECRETS.fromRow(r) : null;
    },
    async listReceiverSecrets(sourceId) {
      return db
        .all('SELECT * FROM receiver_secrets WHERE source_id = ? ORDER BY id', sourceId)
        .map(RECEIVER_SECRETS.fromRow);
    },
    async revokeReceiverSecret(id, sourceId) {
      const { changes } = db.run(
        'UPDATE receiver_secrets SET revoked_at = ? WHERE id = ? AND source_id = ? AND revoked_at IS NULL',
        Date.now(),
        id,
        sourceId,
      );
      return changes > 0;
    },
  };
}
