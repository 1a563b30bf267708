import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VENDORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'vendors');

/**
 * Vendors' own tables (DESIGN.md §2): `vendors/<name>/storage/<database>/*.sql`, found by that layout so that
 * storage imports no vendor, applied after the core's and named `<name>/<file>` so names never collide.
 */
export function vendorMigrations(database: 'sqlite' | 'postgres'): { name: string; sql: string }[] {
  return readdirSync(VENDORS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((vendor) => {
      const dir = join(VENDORS_DIR, vendor, 'storage', database);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => ({
          name: `${vendor}/${f.replace(/\.sql$/, '')}`,
          sql: readFileSync(join(dir, f), 'utf8'),
        }));
    });
}
