import type { CredentialStore } from '../storage.ts';
import { CREDENTIALS } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteCredentials(db: SqliteDatabase): CredentialStore {
  return {
    async createCredential(input) {
      const r = db.get(
        `INSERT INTO credentials (group_id, user_id, role, kind, name, prefix, secret_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        input.groupId,
        input.userId ?? null,
        input.role,
        input.kind,
        input.name,
        input.prefix,
        input.secretHash,
        Date.now(),
      );
      return CREDENTIALS.fromRow(r!);
    },
    async findCredential(secretHash) {
      const r = db.get('SELECT * FROM credentials WHERE secret_hash = ? AND revoked_at IS NULL', secretHash);
      if (!r) return null;
      const now = Date.now();
      // Recording every use would make each read a write; a minute's precision is enough to spot unused tokens.
      if (r.last_used_at == null || now - Number(r.last_used_at) > 60_000) {
        db.run('UPDATE credentials SET last_used_at = ? WHERE id = ?', now, r.id);
        r.last_used_at = now;
      }
      return CREDENTIALS.fromRow(r);
    },
    async listCredentials(scope) {
      return db
        .all(
          `SELECT c.* FROM credentials c JOIN groups g ON g.id = c.group_id WHERE g.path LIKE ? || '%' ORDER BY c.id`,
          scope,
        )
        .map(CREDENTIALS.fromRow);
    },
    async revokeCredential(id, scope) {
      const { changes } = db.run(
        `UPDATE credentials SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
           AND group_id IN (SELECT id FROM groups WHERE path LIKE ? || '%')`,
        Date.now(),
        id,
        scope,
      );
      return changes > 0;
    },
    async countCredentials() {
      return Number(db.value('SELECT count(*) FROM credentials'));
    },
  };
}
