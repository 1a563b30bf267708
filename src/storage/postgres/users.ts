import type { Sql } from 'postgres';
import { CREDENTIALS } from '../rows/tables.ts';
import { sessionFromRow, userFromRow } from '../rows/users.ts';
import type { LiveSession, NewSession, NewUser, UserPatch, UserStore } from '../users.ts';

/** Users and web sessions on PostgreSQL. */
export class PostgresUserStore implements UserStore {
  constructor(private readonly sql: Sql) {}

  async createUser(input: NewUser) {
    const [r] = await this.sql`INSERT INTO users (group_id, login, name, role, password_hash, created_at)
      VALUES (${input.groupId}, ${input.login}, ${input.name ?? input.login}, ${input.role}, ${input.passwordHash},
        ${Date.now()})
      RETURNING *`;
    return userFromRow(r!);
  }

  async getUser(id: number) {
    const [r] = await this.sql`SELECT * FROM users WHERE id = ${id}`;
    return r ? userFromRow(r) : null;
  }

  async findLogin(login: string) {
    const [r] = await this.sql`SELECT * FROM users WHERE login = ${login}`;
    if (!r) return null;
    return { user: userFromRow(r), passwordHash: r.password_hash == null ? null : String(r.password_hash) };
  }

  async listUsers(scope: string) {
    const rows = await this.sql`SELECT * FROM users
      WHERE group_id IN (SELECT id FROM groups WHERE path LIKE ${scope}::text || '%') ORDER BY login`;
    return rows.map(userFromRow);
  }

  async updateUser(id: number, scope: string, patch: UserPatch) {
    return this.sql.begin(async (tx) => {
      const [found] = await tx`SELECT id FROM users WHERE id = ${id}
        AND group_id IN (SELECT id FROM groups WHERE path LIKE ${scope}::text || '%') FOR UPDATE`;
      if (!found) return null;
      const set: Record<string, string | number | null> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.groupId !== undefined) set.group_id = patch.groupId;
      if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
      if (patch.disabled !== undefined) set.disabled_at = patch.disabled ? Date.now() : null;
      if (Object.keys(set).length) await tx`UPDATE users SET ${tx(set)} WHERE id = ${id}`;
      if (patch.passwordHash !== undefined || patch.disabled) {
        await tx`UPDATE sessions SET ended_at = ${Date.now()} WHERE user_id = ${id} AND ended_at IS NULL`;
      }
      const [r] = await tx`SELECT * FROM users WHERE id = ${id}`;
      return userFromRow(r!);
    });
  }

  async countUsers() {
    const [r] = await this.sql`SELECT count(*)::int AS n FROM users`;
    return Number(r!.n);
  }

  async createSession(input: NewSession) {
    const [r] = await this
      .sql`INSERT INTO sessions (secret_hash, user_id, credential_id, created_at, expires_at)
      VALUES (${input.secretHash}, ${input.userId ?? null}, ${input.credentialId ?? null}, ${Date.now()},
        ${input.expiresAt})
      RETURNING *`;
    return sessionFromRow(r!);
  }

  async findSession(secretHash: string, now: number): Promise<LiveSession | null> {
    const [r] = await this.sql`SELECT * FROM sessions
      WHERE secret_hash = ${secretHash} AND ended_at IS NULL AND expires_at > ${now}`;
    if (!r) return null;
    const session = sessionFromRow(r);
    if (session.userId !== null) {
      const [u] = await this.sql`SELECT * FROM users WHERE id = ${session.userId} AND disabled_at IS NULL`;
      return u ? { session, user: userFromRow(u), credential: null } : null;
    }
    const [c] = await this.sql`SELECT * FROM credentials
      WHERE id = ${session.credentialId} AND revoked_at IS NULL`;
    return c ? { session, user: null, credential: CREDENTIALS.fromRow(c) } : null;
  }

  async endSession(secretHash: string) {
    const rows = await this.sql`UPDATE sessions SET ended_at = ${Date.now()}
      WHERE secret_hash = ${secretHash} AND ended_at IS NULL`;
    return rows.count > 0;
  }

  async purgeSessions(before: number) {
    const rows = await this.sql`DELETE FROM sessions WHERE expires_at < ${before} OR ended_at < ${before}`;
    return rows.count;
  }
}
