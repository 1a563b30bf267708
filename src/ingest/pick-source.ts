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

/**
 * The one place a source is taken for a run, read fresh so that a change made through the API counts. When
 * several processes share PostgreSQL, this is where the lease goes: a source runs on one process at a time.
 */
export async function pickSource(
  storage: Storage,
  id: number,
  connectors: ConnectorRegistry,
): Promise<{ source: Source; connector: Connector } | null> {
  const source = await storage.getSource(id);
  if (!source || !runnable(source, connectors)) return null;
  return { source, connector: connectors.get(source.vendor)! };
}
