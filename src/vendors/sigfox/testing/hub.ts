import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import { Pipeline, type CommitHook } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';

export type TestHub = Pick<HubContext, 'storage' | 'pipeline' | 'state'> & { storage: SqliteStorage };

/**
 * A real SQLite file, the real pipeline, and the given routes on a real HTTP server on 127.0.0.1 with an
 * ephemeral port: what the Sigfox tests drive.
 */
export async function startTestHub(
  routes: (hub: TestHub) => (app: App) => Promise<void>,
  afterCommit: (hub: TestHub) => CommitHook[] = () => [],
) {
  const dir = await mkdtemp(join(tmpdir(), 'trackway-sigfox-'));
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  const hub: TestHub = { storage, pipeline: new Pipeline(storage), state: { ready: true } };
  for (const hook of afterCommit(hub)) hub.pipeline.onCommit(hook);
  const app = Fastify() as unknown as App;
  await app.register(routes(hub));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    hub,
    storage,
    url,
    async stop() {
      await app.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A group and a Sigfox push source in it, with its secret. */
export async function sigfoxSource(storage: SqliteStorage, settings: Record<string, unknown> = {}) {
  const root = await storage.createGroup({ parentId: null, name: 'root' });
  const group = await storage.createGroup({ parentId: root.id, name: 'sensors' });
  const secret = 'callback-secret-0123456789';
  const source = await storage.createSource({
    groupId: group.id,
    vendor: 'sigfox',
    kind: 'push',
    name: 'network callbacks',
    settings,
  });
  await storage.createReceiverSecret({
    sourceId: source.id,
    name: 'sigfox backend',
    prefix: secret.slice(0, 6),
    secretHash: hashSecret(secret),
  });
  return { root, group, source, secret };
}
