import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { startHub, type RunningHub } from '../main.ts';
import { vendors as vendorList } from '../vendors/index.ts';
import type { RunningDemoPart, VendorDescriptor } from '../vendors/vendor.ts';
import { atSpeed } from './at-speed.ts';
import { demoHub } from './hub-client.ts';
import { watchMilestones, type Milestones } from './watch.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** `--fast`: every vendor's limits and every simulated device fifty times faster. */
export const FAST_SPEED_UP = 50;

export interface DemoOptions {
  /** The hub's port on 127.0.0.1; 0 picks a free one. */
  port: number;
  fast: boolean;
  /** Where the demo tells what happens, a line at a time. */
  say: (line: string) => void;
  /** The vendors to take part; default every vendor with a demo part. */
  vendors?: readonly VendorDescriptor[];
}

export interface RunningDemo {
  /** The web app. */
  url: string;
  /** Opens the web app signed in, once, within ten minutes. */
  signInUrl: string;
  /** The admin API token of the demo's hub. */
  token: string;
  /** The temporary data directory, removed by `stop`. */
  dataDir: string;
  milestones: Milestones;
  stop(): Promise<void>;
}

/**
 * The whole hub at work without a vendor account: a hub on a temporary data directory, every vendor's demo part
 * (fake clouds with simulated devices, simulated phones) set up through the native API, a webhook to a local
 * receiver, and milestones told as they arrive. Stopping removes the data directory.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const speedUp = options.fast ? FAST_SPEED_UP : 1;
  const taking = (options.vendors ?? vendorList).filter((v) => v.demo);
  const dataDir = await mkdtemp(join(tmpdir(), 'trackway-demo-'));
  const parts: RunningDemoPart[] = [];
  let hub: RunningHub | null = null;
  let receiver: WebhookReceiver | null = null;
  let timer: NodeJS.Timeout | null = null;
  const stop = async () => {
    if (timer) clearInterval(timer);
    await Promise.allSettled(parts.map((p) => p.stop()));
    await hub?.stop();
    await receiver?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    // Only the map settings come from the environment: a DATABASE_URL or data directory set for a real hub
    // must not receive the demo's data.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('TRACKWAY_MAP_')),
    );
    const config = loadConfig({ host: '127.0.0.1', port: options.port, dataDir, logLevel: 'error' }, env);
    hub = await startHub(config, atSpeed(vendorList, speedUp));
    const token = hub.createdToken!;
    const api = demoHub(hub.url, token, speedUp);
    // The first delivery of each event type is told; the rest are in the webhook's delivery log.
    const told = new Set<string>();
    receiver = await startWebhookReceiver((body) => {
      const event = body.event as { type?: string; deviceName?: string } | undefined;
      if (told.has(String(event?.type))) return;
      told.add(String(event?.type));
      options.say(`webhook delivered to the local receiver: ${event?.type} of ${event?.deviceName}`);
    });
    await api.api('POST', '/api/v1/webhooks', {
      name: 'Demo receiver',
      url: receiver.url,
      eventTypes: ['sos', 'place-enter', 'device-silent'],
    });
    for (const vendor of taking) {
      const part = await vendor.demo!(api);
      parts.push(part);
      part.lines.forEach((line) => options.say(line));
    }
    const link = await api.api<{ url: string }>('POST', '/api/v1/session/link');
    const milestones = watchMilestones(
      api,
      taking.filter((v) => v.sandbox).map((v) => v.name),
      options.say,
      Date.now(),
    );
    timer = setInterval(() => {
      milestones.check().catch((err: unknown) => options.say(`(checking progress failed: ${String(err)})`));
    }, 2000);
    timer.unref();
    return { url: hub.url, signInUrl: link.url, token, dataDir, milestones, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
