import type { Role } from '../../model/records.ts';
import type { Session, User } from '../users.ts';
import type { Row } from './columns.ts';

// Row mappers of the users and sessions tables, shared by both databases.

export const userFromRow = (r: Row): User => ({
  id: Number(r.id),
  groupId: Number(r.group_id),
  login: String(r.login),
  name: String(r.name),
  role: r.role as Role,
  createdAt: Number(r.created_at),
  disabledAt: r.disabled_at == null ? null : Number(r.disabled_at),
});

export const sessionFromRow = (r: Row): Session => ({
  id: Number(r.id),
  userId: r.user_id == null ? null : Number(r.user_id),
  credentialId: r.credential_id == null ? null : Number(r.credential_id),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});
