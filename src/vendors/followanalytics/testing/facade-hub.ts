import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../../api/app.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import type { Group, Role } from '../../../model/records.ts';
import { Pipeline } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import { followanalyticsMount } from '../facade/mount.ts';

/**
 * A real SQLite file and pipeline, and the FollowAnalytics facade on a real HTTP server on 127.0.0.1 with an
 * ephemeral port, with a group and a token per role: what the facade tests drive.
 */
export async function startFacadeHub() {
  const dir = await mkdtemp(join(tmpdir(), 'trackway-followanalytics-'));
  const storage = new SqliteStorage(join(dir, 'trackway.db'));
  await storage.migrate();
  const pipeline = new Pipeline(storage);
  const root = await storage.createGroup({ parentId: null, name: 'root' });
  const group = await storage.createGroup({ parentId: root.id, name: 'mobile' });
  const tokenOf = async (g: Group, role: Role) => {
    const token = `tw_${role}_${g.id}_0123456789abcdef`;
    await storage.createCredential({
      groupId: g.id,
      role,
      kind: 'token',
      name: role,
      prefix: token.slice(0, 8),
      secretHash: hashSecret(token),
    });
    return token;
  };
  const tokens = { manager: await tokenOf(group, 'manager'), viewer: await tokenOf(group, 'viewer') };
  const app = Fastify() as unknown as App;
  await app.register(followanalyticsMount({ storage }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    storage,
    root,
    group,
    tokens,
    tokenOf,
    url,
    /** Commits records as a source of `groupId` would. */
    async ingest(records: IngestRecord[], sourceId: number, groupId = group.id) {
      const g = (await storage.getGroup(groupId))!;
      await pipeline.ingest(records, {
        groupId,
        scopePath: g.path,
        sourceId,
        unknownDevices: 'create',
        receivedTime: Date.now(),
      });
    },
    async stop() {
      await app.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestFacadeHub = Awaited<ReturnType<typeof startFacadeHub>>;
