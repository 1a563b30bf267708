import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../../api/app.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import type { Group } from '../../../model/records.ts';
import { Pipeline } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import { FACADE_PREFIX } from '../facade/routes.ts';
import { gps365Mount } from '../mount.ts';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const TOKEN = '392ea8428d10b0392c399c93810045a9';

/**
 * A storage with a group `fleet` (the token's) beside a group `other`, the facade on loopback with a clock the
 * test sets, and helpers to ingest at a given received time and to post as a GPS365 client would.
 */
export class FacadeHub {
  now = Date.UTC(2020, 0, 1);

  private constructor(
    private readonly dir: string,
    readonly storage: SqliteStorage,
    readonly fleet: Group,
    readonly other: Group,
    private readonly app: App,
    readonly url: string,
  ) {}

  static async open(): Promise<FacadeHub> {
    const dir = await mkdtemp(join(tmpdir(), 'trackway-gps365-'));
    const storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    const root = await storage.createGroup({ parentId: null, name: 'root' });
    const fleet = await storage.createGroup({ parentId: root.id, name: 'Fleet' });
    const other = await storage.createGroup({ parentId: root.id, name: 'other' });
    await storage.createCredential({
      groupId: fleet.id,
      role: 'viewer',
      kind: 'token',
      name: 'gps365 client',
      prefix: TOKEN.slice(0, 6),
      secretHash: hashSecret(TOKEN),
    });
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
    let hub: FacadeHub | null = null;
    await app.register(gps365Mount({ storage }, { now: () => hub!.now }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${FACADE_PREFIX}`;
    hub = new FacadeHub(dir, storage, fleet, other, app, url);
    return hub;
  }

  async close() {
    await this.app.close();
    await this.storage.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Creates devices in `other` until the next id is `id`, so that trackers get the document's ids. */
  async skipIdsTo(id: number) {
    for (;;) {
      const d = await this.storage.createDevice({ groupId: this.other.id, name: 'filler' });
      if (d.id >= id - 1) return;
    }
  }

  async ingest(records: IngestRecord[], receivedTime: number, group = this.fleet) {
    const summary = await new Pipeline(this.storage).ingest(records, {
      groupId: group.id,
      scopePath: group.path,
      sourceId: null,
      unknownDevices: 'create',
      receivedTime,
    });
    if (summary.rejected)
      throw new Error(JSON.stringify(summary.results.filter((r) => r.status === 'rejected')));
  }

  /** POSTs form fields (`curl -d`), or a JSON body when given an object. */
  async post(endpoint: string, body: [string, string][] | Record<string, unknown>) {
    const form = Array.isArray(body);
    const res = await fetch(`${this.url}/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }
}
