import type { Source } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import type { Connector } from './connector.ts';
import type { ConnectorRegistry } from './registry.ts';

/** A source the runtime may run: an enabled pull source, not stopped by a fatal error, with a connector. */
export function runnable(source: Source, connectors: ConnectorRegistry): boolean {
  return (
    source.kind === 'pull' && source.enabled && source.status !== 'failed' && connectors.has(source.vendor)
  );
}

/** Who asks for a source: this process's lease owner name and how long a lease lasts unless renewed. */
export interface LeaseTerms {
  owner: string;
  ttlMs: number;
}

/**
 * The one place a source is taken for a run, read fresh so that a change made through the API counts. It takes
 * (or renews) the source's lease in the database, so that when several processes share it a source runs on one
 * of them at a time; null when the source is not runnable or another process holds it.
 */
export async function pickSource(
  storage: Storage,
  id: number,
  connectors: ConnectorRegistry,
  lease: LeaseTerms,
): Promise<{ source: Source; connector: Connector } | null> {
  const source = await storage.getSource(id);
  if (!source || !runnable(source, connectors)) return null;
  if (!(await storage.takeSourceLease(id, lease.owner, lease.ttlMs))) return null;
  return { source, connector: connectors.get(source.vendor)! };
}
