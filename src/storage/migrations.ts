import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Migrations of one owner, applied in name order. The core's are recorded under their bare names (as every
 * existing database has them); another owner's (a vendor's own tables, DESIGN.md §2) as `owner/name`, so two
 * owners may use the same file names. An owner's set runs after the core's, whose tables it may reference.
 */
export interface MigrationSet {
  owner: string | null;
  migrations: Migration[];
}

/** The `.sql` files of a directory, in name order; the name is the file's without `.sql`. */
export function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Every migration of the sets, core first, with the name each is recorded under. */
export function recordedMigrations(sets: MigrationSet[]): Migration[] {
  const ordered = [...sets.filter((s) => s.owner === null), ...sets.filter((s) => s.owner !== null)];
  return ordered.flatMap((s) =>
    s.migrations.map((m) => ({ name: s.owner === null ? m.name : `${s.owner}/${m.name}`, sql: m.sql })),
  );
}
