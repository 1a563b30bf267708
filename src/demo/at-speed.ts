import type { Connector } from '../ingest/connector.ts';
import type { VendorDescriptor } from '../vendors/vendor.ts';

/**
 * Pull connectors with their rate rules `speedUp` times faster, for the demo's `--fast` against sandboxes running
 * their limits as much faster. A tenth more than the sandbox's limit keeps a connector on the polite side of it.
 */
export function atSpeed(vendors: readonly VendorDescriptor[], speedUp: number): VendorDescriptor[] {
  if (speedUp === 1) return [...vendors];
  return vendors.map((v) => (v.connector ? { ...v, connector: fasterConnector(v.connector, speedUp) } : v));
}

function fasterConnector(connector: Connector, speedUp: number): Connector {
  const faster = (ms: number) => Math.ceil((ms / speedUp) * 1.1);
  const { sourceIntervalMs, vendorSpacingMs, backoff } = connector.rates;
  return {
    vendor: connector.vendor,
    fetchPage: (request) => connector.fetchPage(request),
    rates: {
      sourceIntervalMs: faster(sourceIntervalMs),
      vendorSpacingMs: faster(vendorSpacingMs),
      backoff: { ...backoff, initialMs: faster(backoff.initialMs), maxMs: faster(backoff.maxMs) },
    },
  };
}
