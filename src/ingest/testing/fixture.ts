import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Source, StoredMessage, StoredPosition } from '../../model/records.ts';
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.ts';
import type { RateRules } from '../connector.ts';
import { connectorRegistry } from '../registry.ts';
import { IngestRuntime, type IngestRuntimeOptions } from '../runtime.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeCloud } from './fake-cloud.ts';
import { testConnector, TEST_VENDOR, type TestSettings } from './test-connector.ts';

/** The start of virtual time in these tests. */
export const START = Date.UTC(2026, 0, 1);

/** Virtual time stands still here unless a test moves the limit. */
export const END = START + 3_600_000;

/** SPOT's rules (150 s per feed, 2 s between any two requests) with a backoff that outgrows the interval. */
export const RATES: RateRules = {
  sourceIntervalMs: 150_000,
  vendorSpacingMs: 2_000,
  backoff: { initialMs: 200_000, factor: 2, maxMs: 1_600_000 },
};

export interface RuntimeOverrides extends Partial<IngestRuntimeOptions> {
  rates?: RateRules;
}

/**
 * What a runtime test stands on: a SQLite file in a temporary directory, a group, a fake cloud on loopback and a
 * fake clock; it builds runtimes over them and takes everything down in `close()`.
 */
export class Fixture {
  /** Errors of the runtimes themselves; a test that expects none checks it is empty. */
  readonly errors: unknown[] = [];
  private readonly opened: SqliteStorage[] = [];
  private readonly runtimes: IngestRuntime[] = [];

  private constructor(
    private readonly dir: string,
    readonly storage: SqliteStorage,
    readonly groupId: number,
    readonly clock: FakeClock,
    readonly cloud: FakeCloud,
    readonly baseUrl: string,
  ) {
    this.opened.push(storage);
  }

  static async open(): Promise<Fixture> {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-ingest-'));
    const storage = await openStorage(join(dir, 'trackway.db'));
    const group = await storage.createGroup({ parentId: null, name: 'fleet' });
    const clock = new FakeClock(START);
    // Beyond any test's schedule and before the runtime's daily rescan, which would otherwise run time ahead.
    clock.holdAt(END);
    const cloud = new FakeCloud(() => clock.now());
    const baseUrl = await cloud.start();
    return new Fixture(dir, storage, group.id, clock, cloud, baseUrl);
  }

  /** A second handle on the same file, as a restarted process would open it. */
  async reopen(): Promise<SqliteStorage> {
    const storage = await openStorage(join(this.dir, 'trackway.db'));
    this.opened.push(storage);
    return storage;
  }

  addSource(feed: string, options: { token?: string; enabled?: boolean } = {}): Promise<Source> {
    const settings: TestSettings = { baseUrl: this.baseUrl, feed, token: options.token ?? this.cloud.token };
    return this.storage.createSource({
      groupId: this.groupId,
      vendor: TEST_VENDOR,
      kind: 'pull',
      name: feed,
      settings: { ...settings },
      enabled: options.enabled,
    });
  }

  /** A started runtime over the fixture's storage, clock and cloud; stopped by `close()` unless stopped before. */
  start(overrides: RuntimeOverrides = {}): IngestRuntime {
    const { rates = RATES, ...options } = overrides;
    const runtime = new IngestRuntime({
      storage: this.storage,
      connectors: connectorRegistry([testConnector(rates)]),
      clock: this.clock,
      random: () => 1,
      rescanMs: 86_400_000,
      onError: (err) => this.errors.push(err),
      // Read whole, so that no HTTP work remains when the fake clock sees the request done.
      fetch: (url, init) =>
        this.clock.track(async () => {
          const response = await fetch(url, init);
          return new Response(await response.arrayBuffer(), response);
        }),
      ...options,
    });
    runtime.start();
    this.runtimes.push(runtime);
    return runtime;
  }

  async source(id: number): Promise<Source> {
    return (await this.storage.getSource(id))!;
  }

  /** Every stored position and message, across devices. */
  async stored(): Promise<{ positions: StoredPosition[]; messages: StoredMessage[] }> {
    const devices = await this.storage.listDevices({ scope: '/', limit: 1000 });
    const positions: StoredPosition[] = [];
    const messages: StoredMessage[] = [];
    for (const d of devices.items) {
      positions.push(...(await this.storage.listPositions({ deviceId: d.id, limit: 1000 })).items);
      messages.push(...(await this.storage.listMessages({ deviceId: d.id, limit: 1000 })).items);
    }
    return { positions, messages };
  }

  async close(): Promise<void> {
    await Promise.all(this.runtimes.map((r) => r.stop()));
    await this.cloud.close();
    for (const storage of this.opened) await storage.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

async function openStorage(file: string): Promise<SqliteStorage> {
  const storage = new SqliteStorage(file);
  await storage.migrate();
  return storage;
}

/** Waits, in real time, until `check` holds; the runtime meanwhile runs on virtual time. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 5_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
