import type { Sql } from 'postgres';
import { CREDENTIALS } from '../rows/tables.ts';
import type { CredentialStore } from '../storage.ts';

export function postgresCredentials(sql: Sql): CredentialStore {
  return {
    async createCredential(input) {
      const [r] = await sql`INSERT INTO credentials (group_id, user_id, role, kind, name, prefix, secret_hash,
          created_at)
        VALUES (${input.groupId}, ${input.userId ?? null}, ${input.role}, ${input.kind}, ${input.name},
          ${input.prefix}, ${input.secretHash}, ${Date.now()})
        RETURNING *`;
      return CREDENTIALS.fromRow(r!);
    },
    async findCredential(secretHash) {
      const now = Date.now();
      // Recording every use would make each read a write; a minute's precision is enough to spot unused tokens.
      const [r] = await sql`UPDATE credentials SET last_used_at = ${now}
        WHERE secret_hash = ${secretHash} AND revoked_at IS NULL
          AND (last_used_at IS NULL OR last_used_at < ${now - 60_000})
        RETURNING *`;
      if (r) return CREDENTIALS.fromRow(r);
      const [live] =
        await sql`SELECT * FROM credentials WHERE secret_hash = ${secretHash} AND revoked_at IS NULL`;
      return live ? CREDENTIALS.fromRow(live) : null;
    },
    async listCredentials(scope) {
      return (
        await sql`SELECT c.* FROM credentials c JOIN groups g ON g.id = c.group_id
          WHERE g.path LIKE ${scope}::text || '%' ORDER BY c.id`
      ).map(CREDENTIALS.fromRow);
    },
    async revokeCredential(id, scope) {
      const rows = await sql`UPDATE credentials SET revoked_at = ${Date.now()}
        WHERE id = ${id} AND revoked_at IS NULL
          AND group_id IN (SELECT id FROM groups WHERE path LIKE ${scope}::text || '%')`;
      return rows.count > 0;
    },
    async countCredentials() {
      const [r] = await sql`SELECT count(*) AS n FROM credentials`;
      return Number(r!.n);
    },
  };
}
