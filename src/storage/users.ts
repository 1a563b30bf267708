import type { Credential, Role } from '../model/records.ts';

/** A person who signs in to the web app with a login and password; sees its group's subtree with its role. */
export interface User {
  id: number;
  groupId: number;
  login: string;
  name: string;
  role: Role;
  createdAt: number;
  disabledAt: number | null;
}

export interface NewUser {
  groupId: number;
  login: string;
  name?: string;
  role: Role;
  /** Salted slow hash (see auth/passwords.ts); never the password itself. */
  passwordHash: string;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  groupId?: number;
  passwordHash?: string;
  /** True disables the user (and ends its sessions); false enables it again. */
  disabled?: boolean;
}

/** A signed-in browser: stands for a user, or for the API token it signed in with. */
export interface Session {
  id: number;
  userId: number | null;
  credentialId: number | null;
  createdAt: number;
  expiresAt: number;
}

export interface NewSession {
  secretHash: string;
  userId?: number | null;
  credentialId?: number | null;
  expiresAt: number;
}

/** A live session with who it stands for: exactly one of `user` and `credential` is set. */
export interface LiveSession {
  session: Session;
  user: User | null;
  credential: Credential | null;
}

export interface UserStore {
  createUser(input: NewUser): Promise<User>;
  getUser(id: number): Promise<User | null>;
  /** The user with this login and its password hash, disabled or not; null when there is none. */
  findLogin(login: string): Promise<{ user: User; passwordHash: string | null } | null>;
  /** Users of groups in the `scope` subtree, by login. */
  listUsers(scope: string): Promise<User[]>;
  /** Updates a user of the `scope` subtree; a new password or disabling ends its sessions. Null when not found. */
  updateUser(id: number, scope: string, patch: UserPatch): Promise<User | null>;
  countUsers(): Promise<number>;

  createSession(input: NewSession): Promise<Session>;
  /** The session whose secret hashes to `secretHash`, when not ended, not expired at `now`, and its user or token live. */
  findSession(secretHash: string, now: number): Promise<LiveSession | null>;
  /** Ends a session; false when it had ended already or never existed. */
  endSession(secretHash: string): Promise<boolean>;
  /** Deletes sessions that expired or ended before `before`; returns how many. */
  purgeSessions(before: number): Promise<number>;
}
