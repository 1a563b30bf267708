import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import type { CommitSignal } from '../lifecycle.ts';

/**
 * Commits signalled with LISTEN/NOTIFY on one channel per schema, with no payload (so a signal never meets the
 * 8 kB limit). The schema's name is hashed because a channel name is cut at 63 bytes and a schema's may be that
 * long.
 */
export function commitSignal(sql: Sql, schema: string): CommitSignal {
  const channel = `trackway_commits_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
  return {
    async notify() {
      await sql.notify(channel, '');
    },
    async listen(onSignal, onConnect) {
      const listening = await sql.listen(channel, () => onSignal(), onConnect);
      return () => listening.unlisten();
    },
  };
}
