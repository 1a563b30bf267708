import { connectorRegistry } from '../ingest/registry.ts';

/**
 * The pull connectors this build knows, one line per vendor (DESIGN.md §2: adding a vendor adds its folder, a line
 * here and a docs page). A pull source whose vendor is not listed cannot be created.
 */
export const connectors = connectorRegistry([]);
