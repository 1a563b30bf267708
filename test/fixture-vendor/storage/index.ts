import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageExtension } from '../../../src/storage/extension.ts';

/** The fixture vendor's own table: a note per push, beside the position the push also stores. */
export interface PingStore {
  add(unit: string, note: string): Promise<void>;
  notes(unit: string): Promise<string[]>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

export const acmeStorage: StorageExtension<PingStore> = {
  owner: 'acme',
  sqlite: {
    migrations: join(HERE, 'sqlite'),
    store: (db) => ({
      add: async (unit, note) =>
        void db.run(
          'INSERT INTO acme_pings (unit, note, received_at) VALUES (?, ?, ?)',
          unit,
          note,
          Date.now(),
        ),
      notes: async (unit) =>
        db.values('SELECT note FROM acme_pings WHERE unit = ? ORDER BY id', unit).map(String),
    }),
  },
  postgres: {
    migrations: join(HERE, 'postgres'),
    store: (sql) => ({
      add: async (unit, note) =>
        void (await sql`INSERT INTO acme_pings (unit, note, received_at) VALUES (${unit}, ${note}, ${Date.now()})`),
      notes: async (unit) =>
        (await sql`SELECT note FROM acme_pings WHERE unit = ${unit} ORDER BY id`).map((r) => String(r.note)),
    }),
  },
};
