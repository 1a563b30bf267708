import type Database from 'better-sqlite3';
import type { LiveSession, NewSession, NewUser, User, UserPatch, UserStore } from '../users.ts';
import type { Row } from '../rows/columns.ts';
import { CREDENTIALS } from '../rows/tables.ts';
import { sessionFromRow, userFromRow } from '../rows/users.ts';

const IN_SCOPE = `group_id IN (SELECT id FROM groups WHERE path LIKE ? || '%')`;

/** Users and web sessions on SQLite; statements prepared once. */
export class SqliteUserStore implements UserStore {
  private prepared: ReturnType<typeof prepareUserStatements> | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Prepared on first use, once: the store is made when storage opens, before its tables are migrated. */
  private get s() {
    return (this.prepared ??= prepareUserStatements(this.db));
  }

  async createUser(input: NewUser): Promise<User> {
    const row = this.s.insertUser.get(
      input.groupId,
      input.login,
      input.name ?? input.login,
      input.role,
      input.passwordHash,
      Date.now(),
    );
    return userFromRow(row as Row);
  }

  async getUser(id: number) {
    const row = this.s.user.get(id) as Row | undefined;
    return row ? userFromRow(row) : null;
  }

  async findLogin(login: string) {
    const row = this.s.login.get(login) as Row | undefined;
    if (!row) return null;
    return {
      user: userFromRow(row),
      passwordHash: row.password_hash == null ? null : String(row.password_hash),
    };
  }

  async listUsers(scope: string) {
    return (this.s.list.all(scope) as Row[]).map(userFromRow);
  }

  async updateUser(id: number, scope: string, patch: UserPatch) {
    const update = this.db.transaction(() => {
      if (!this.s.inScope.get(id, scope)) return null;
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.groupId !== undefined) set.group_id = patch.groupId;
      if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
      if (patch.disabled !== undefined) set.disabled_at = patch.disabled ? Date.now() : null;
      const columns = Object.keys(set);
      if (columns.length) {
        // Column names come from the fixed list above, never from input.
        this.db
          .prepare(`UPDATE users SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
          .run(...Object.values(set), id);
      }
      if (patch.passwordHash !== undefined || patch.disabled) this.s.endUserSessions.run(Date.now(), id);
      return userFromRow(this.s.user.get(id) as Row);
    });
    return update.immediate();
  }

  async countUsers() {
    return Number(this.s.count.get());
  }

  async createSession(input: NewSession) {
    const row = this.s.insertSession.get(
      input.secretHash,
      input.userId ?? null,
      input.credentialId ?? null,
      Date.now(),
      input.expiresAt,
    );
    return sessionFromRow(row as Row);
  }

  async findSession(secretHash: string, now: number): Promise<LiveSession | null> {
    const row = this.s.session.get(secretHash, now) as Row | undefined;
    if (!row) return null;
    const session = sessionFromRow(row);
    if (session.userId !== null) {
      const user = this.s.liveUser.get(session.userId) as Row | undefined;
      return user ? { session, user: userFromRow(user), credential: null } : null;
    }
    const credential = this.s.liveCredential.get(session.credentialId) as Row | undefined;
    return credential ? { session, user: null, credential: CREDENTIALS.fromRow(credential) } : null;
  }

  async endSession(secretHash: string) {
    return this.s.endSession.run(Date.now(), secretHash).changes > 0;
  }

  async purgeSessions(before: number) {
    return this.s.purge.run(before, before).changes;
  }
}

function prepareUserStatements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insertUser: p(`INSERT INTO users (group_id, login, name, role, password_hash, created_at)
      VALUES (?, ?, ?, ?, ?, ?) RETURNING *`),
    user: p('SELECT * FROM users WHERE id = ?'),
    login: p('SELECT * FROM users WHERE login = ?'),
    list: p(`SELECT * FROM users WHERE ${IN_SCOPE} ORDER BY login`),
    inScope: p(`SELECT * FROM users WHERE id = ? AND ${IN_SCOPE}`),
    count: p('SELECT count(*) FROM users').pluck(),
    endUserSessions: p('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL'),
    insertSession: p(`INSERT INTO sessions (secret_hash, user_id, credential_id, created_at, expires_at)
      VALUES (?, ?, ?, ?, ?) RETURNING *`),
    session: p('SELECT * FROM sessions WHERE secret_hash = ? AND ended_at IS NULL AND expires_at > ?'),
    liveUser: p('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL'),
    liveCredential: p('SELECT * FROM credentials WHERE id = ? AND revoked_at IS NULL'),
    endSession: p('UPDATE sessions SET ended_at = ? WHERE secret_hash = ? AND ended_at IS NULL'),
    purge: p('DELETE FROM sessions WHERE expires_at < ? OR ended_at < ?'),
  };
}
