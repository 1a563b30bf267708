/**
 * A process that runs only the pull-connector runtime, with the test connector and short leases, on the
 * PostgreSQL of DATABASE_URL: several of these compete for the same sources, and a test may SIGKILL one.
 * Usage: node --import tsx test/support/ingest-worker.ts <owner>
 * Prints `request <owner> <epoch ms> <cursor>` before each request to the cloud, and `ready` once running.
 */
import { connectorRegistry } from '../../src/ingest/registry.ts';
import { IngestRuntime } from '../../src/ingest/runtime.ts';
import { testConnector } from '../../src/ingest/testing/test-connector.ts';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.ts';

const WORKER_LEASE_MS = 1_500;
const WORKER_RESCAN_MS = 300;

const owner = process.argv[2] ?? 'worker';
const storage = new PostgresStorage(process.env.DATABASE_URL!, { max: 3 });
const runtime = new IngestRuntime({
  storage,
  connectors: connectorRegistry([
    testConnector({
      sourceIntervalMs: 100,
      vendorSpacingMs: 20,
      backoff: { initialMs: 100, factor: 2, maxMs: 1_000 },
    }),
  ]),
  owner,
  leaseMs: WORKER_LEASE_MS,
  rescanMs: WORKER_RESCAN_MS,
  onError: (err) => console.error(`${owner}:`, err),
  fetch: (url, init) => {
    const cursor = new URL(String(url)).searchParams.get('cursor') ?? '-';
    console.log(`request ${owner} ${Date.now()} ${cursor}`);
    return fetch(url, init);
  },
});
runtime.start();
console.log('ready');
process.on('SIGTERM', () => {
  void runtime
    .stop()
    .then(() => storage.close())
    .then(() => process.exit(0));
});
