import postgres from 'postgres';
import { freshSchema, requireServer, TEST_URL } from '../../src/storage/postgres/test-database.ts';

/**
 * A DATABASE_URL for a schema of its own on the test server, so that processes started with it share one fresh
 * database and nothing else; `drop` removes the schema. Fails loudly when no server answers.
 */
export async function freshDatabaseUrl(): Promise<{
  url: string;
  schema: string;
  drop: () => Promise<void>;
}> {
  await requireServer();
  const schema = freshSchema();
  const url = new URL(TEST_URL);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      const sql = postgres(TEST_URL, { max: 1, onnotice: () => {} });
      try {
        await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
