import type { Connector } from './connector.ts';

/** Pull connectors by vendor name: an explicit list, so adding a vendor adds one line where it is built. */
export type ConnectorRegistry = ReadonlyMap<string, Connector>;

export function connectorRegistry(connectors: readonly Connector[]): ConnectorRegistry {
  const byVendor = new Map<string, Connector>();
  for (const connector of connectors) {
    if (byVendor.has(connector.vendor)) throw new Error(`two connectors for vendor ${connector.vendor}`);
    byVendor.set(connector.vendor, connector);
  }
  return byVendor;
}
