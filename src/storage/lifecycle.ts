import type { StorageExtension } from './extension.ts';

/** What every storage has besides its domain stores: opening, schema, closing, and what it offers beyond them. */
export interface StorageLifecycle {
  readonly kind: 'sqlite' | 'postgres';
  /** Brings the schema up to date: the core's migrations, then those of each extension it was opened with. */
  migrate(): Promise<{ applied: string[] }>;
  close(): Promise<void>;
  /** Present when other processes may commit to the same database (PostgreSQL); see `CommitSignal`. */
  readonly commitSignal: CommitSignal | null;
  /** The connection pool (PostgreSQL): its size, and its connections by state now; null on SQLite. */
  readonly pool: ConnectionPool | null;
  /** The store `ext` made for this database; fails when the storage was opened without that extension. */
  extension<T extends object>(ext: StorageExtension<T>): T;
}

export interface ConnectionPool {
  readonly max: number;
  /** This process's connections by state (`active`, `idle`, `idle in transaction`…), as the server sees them. */
  connections(): Promise<Record<string, number>>;
}

/**
 * How processes sharing one database tell each other that they committed: a commit sends a signal with no
 * payload; a listener, woken by it, reads what is new through the sync cursor.
 */
export interface CommitSignal {
  notify(): Promise<void>;
  /**
   * Calls `onSignal` on every signal, and `onConnect` after every (re)connection of the listener, when signals
   * may have been missed. Resolves, once listening, to a function that stops it.
   */
  listen(onSignal: () => void, onConnect: () => void): Promise<() => Promise<void>>;
}
