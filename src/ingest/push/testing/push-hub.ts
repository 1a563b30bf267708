import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../config/config.ts';
import { startHub } from '../../../main.ts';
import type { VendorDescriptor } from '../../../vendors/vendor.ts';

const ADMIN_TOKEN = 'tw_push-hub-admin-token-0123456789abcdef';

export interface StoredPosition {
  fixTime: string;
  lat: number;
  lon: number;
  [field: string]: unknown;
}

/**
 * The whole hub in this process (SQLite in a temporary directory, a real HTTP server on 127.0.0.1, an ephemeral
 * port) with one vendor, a push source of that vendor and a secret for it: what a push protocol's sender is
 * tested against. Reads go through the native API, as a user's would.
 */
export async function startPushHub(vendor: VendorDescriptor) {
  const dataDir = await mkdtemp(join(tmpdir(), 'trackway-push-'));
  const config = loadConfig({ port: 0, dataDir, logLevel: 'silent' }, { TRACKWAY_ADMIN_TOKEN: ADMIN_TOKEN });
  const hub = await startHub(config, [vendor]);
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${hub.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const source = await api('/api/v1/sources', {
    vendor: vendor.name,
    kind: 'push',
    name: 'simulated phones',
  });
  const { secret } = (await api(`/api/v1/sources/${String(source.id)}/secrets`, { name: 'simulator' })) as {
    secret: string;
  };
  return {
    url: hub.url,
    secret,
    /** The positions stored for the device of this vendor with `externalId`, by fix time. */
    async positions(externalId: string): Promise<StoredPosition[]> {
      const { items } = (await api('/api/v1/devices?limit=1000')) as {
        items: { id: number; externalIds: { vendor: string; externalId: string }[] }[];
      };
      const device = items.find((d) =>
        d.externalIds.some((e) => e.vendor === vendor.name && e.externalId === externalId),
      );
      if (!device) return [];
      const page = await api(`/api/v1/devices/${device.id}/positions?limit=1000`);
      return page.items as StoredPosition[];
    },
    async stop() {
      await hub.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
