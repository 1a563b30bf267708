import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadCallbackEvent } from '../callbacks/dead-event.ts';
import { DeliveryWorker } from '../callbacks/worker.ts';
import { ContextCache } from '../derive/context.ts';
import { Deriver } from '../derive/deriver.ts';
import { derivationFollower } from '../derive/follow.ts';
import { attachDerivation, pipelineEmitter } from '../derive/hook.ts';
import { TrackBuilder } from '../derive/testing/tracks.ts';
import type { IngestRecord } from '../model/ingest.ts';
import type { EventType } from '../model/records.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { webhookFollower } from './dispatch.ts';
import { newWebhookCallback, webhookOf, type WebhookFields } from './webhook.ts';

/** A receiver on 127.0.0.1 that answers the statuses queued in `answers`, then 200. */
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
let dir: string;
let storage: SqliteStorage;
let server: Server;
let base: string;
let received: Received[];
let answers: number[];
let clock: number;

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trackway-webhooks-'));
  storage = new SqliteStorage(join(dir, 'db.sqlite'));
  await storage.migrate();
  received = [];
  answers = [];
  clock = Date.now();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

/** The hub's wiring, without HTTP in: pipeline, derivation after commit, webhooks, a delivery worker on `clock`. */
async function hub() {
  const pipeline = new Pipeline(storage);
  pipeline.onHookError = (err) => {
    throw err;
  };
  const emit = pipelineEmitter(pipeline);
  const derivation = derivationFollower(storage, new Deriver(storage, new ContextCache(storage), emit));
  await derivation.init();
  pipeline.onCommit(attachDerivation(pipeline, derivation, null));
  const webhooks = webhookFollower(storage, () => {});
  await webhooks.init();
  const worker = new DeliveryWorker({
    storage,
    now: () => clock,
    random: () => 0.5,
    onDead: deadCallbackEvent(emit, () => clock),
  });
  const group = await storage.createGroup({ parentId: null, name: 'fleet' });
  const device = await storage.createDevice({ groupId: group.id, name: 'van 7' });
  // Derivation runs after the commit without holding up the answer; the tests wait for it as a reader would.
  const ingest = async (records: IngestRecord[]) => {
    const summary = await pipeline.ingest(records, {
      groupId: group.id,
      scopePath: group.path,
      sourceId: null,
      unknownDevices: 'reject',
      receivedTime: Date.now(),
    });
    await derivation.catchUp();
    return summary;
  };
  const subscribe = async (fields: Partial<WebhookFields>) =>
    webhookOf(
      await storage.createCallback(
        newWebhookCallback(
          group.id,
          null,
          {
            name: 'ops',
            url: `${base}/hook`,
            eventTypes: null,
            deviceIds: null,
            headers: {},
            bodyTemplate: null,
            signingSecret: 'a-long-enough-secret',
            maxAttempts: 10,
            ...fields,
          },
          true,
        ),
      ),
    );
  /** Runs the worker until nothing is due now, moving the clock to each retry. */
  const deliverAll = async () => {
    for (let round = 0; round < 50; round++) {
      await worker.runOnce();
      const pending = await storage.listDeliveries({
        callbackIds: await allHooks(),
        status: 'pending',
        limit: 100,
      });
      if (!pending.length) return;
      clock = Math.max(clock, Math.min(...pending.map((d) => d.nextAttemptAt)));
    }
  };
  const allHooks = async () => (await storage.listCallbacks({ groupId: group.id })).map((c) => c.id);
  return { ingest, device, group, webhooks, worker, subscribe, deliverAll, derivation };
}

const parked = () =>
  new TrackBuilder(T0, 52.5, 13.4)
    .wait(10 * 60, 30)
    .drive(5000, 50, 10)
    .wait(20 * 60, 30).fixes;

const bodies = (types: EventType[] | null = null) =>
  received
    .map((r) => JSON.parse(r.body) as { event: { type: EventType; time: string; deviceName: string } })
    .filter((b) => !types || types.includes(b.event.type));

describe('event webhooks', () => {
  it('delivers derived events after commit, retrying a failing receiver, signed and logged', async () => {
    const h = await hub();
    const hook = await h.subscribe({ eventTypes: ['trip-start', 'trip-end'] });
    await h.ingest(parked().map((position) => ({ device: { deviceId: h.device.id }, position })));
    await h.webhooks.catchUp();
    answers = [503, 500, 503];
    await h.deliverAll();

    // The retries resend the same body; two events in all.
    const trips = [...new Set(received.map((r) => r.body))].map(
      (b) => JSON.parse(b) as { event: { type: string; deviceName: string } },
    );
    expect(trips.map((b) => b.event.type).sort()).toEqual(['trip-end', 'trip-start']);
    expect(trips[0]!.event.deviceName).toBe('van 7');
    // Three failures and the successes: every request signed with the webhook's secret.
    expect(received).toHaveLength(5);
    for (const r of received) {
      const [, t, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-trackway-signature']))!;
      expect(createHmac('sha256', 'a-long-enough-secret').update(`${t}.${r.body}`).digest('hex')).toBe(mac);
    }
    const log = await storage.listDeliveries({ callbackIds: [hook.id], limit: 10 });
    expect(log.map((d) => d.status)).toEqual(['delivered', 'delivered']);
    // Each request was one logged attempt; the failures were retried, not dropped.
    expect(log.reduce((n, d) => n + d.attempts, 0)).toBe(5);
  });

  it('does not deliver an event again when late data derives it again, nor after a restart', async () => {
    const h = await hub();
    const hook = await h.subscribe({ eventTypes: ['trip-start'] });
    const fixes = parked();
    // The middle of the track lands last: the trip is replayed, its trip-start derived again unchanged.
    const late = fixes.filter((_f, i) => i % 5 === 2);
    await h.ingest(
      fixes
        .filter((_f, i) => i % 5 !== 2)
        .map((position) => ({ device: { deviceId: h.device.id }, position })),
    );
    await h.webhooks.catchUp();
    await h.ingest(late.map((position) => ({ device: { deviceId: h.device.id }, position })));
    await h.webhooks.catchUp();
    // A second follower over the same cursor: the work of a restarted process.
    await h.webhooks.stop();
    const again = webhookFollower(storage, () => {});
    await again.catchUp();
    await h.deliverAll();
    expect(bodies().map((b) => b.event.type)).toEqual(['trip-start']);
    expect(await storage.listDeliveries({ callbackIds: [hook.id], limit: 10 })).toHaveLength(1);
    await again.stop();
  });

  it('tells a webhook of the retraction of an event it was sent, when late data takes the event back', async () => {
    const h = await hub();
    await h.subscribe({ eventTypes: ['trip-start'] });
    const b = new TrackBuilder(T0, 52.5, 13.4).wait(10 * 60, 30).drive(5000, 50, 10);
    const stop = { time: b.time, lat: b.lat, lon: b.lon };
    b.wait(4 * 60, 30)
      .drive(3000, 50, 10)
      .wait(30 * 60, 30);
    await h.ingest(b.fixes.map((position) => ({ device: { deviceId: h.device.id }, position })));
    await h.webhooks.catchUp();
    const [, second] = (await storage.listEvents({ scope: '/', types: ['trip-start'], limit: 10 })).items;
    // A fix 1 km away in the middle of the short stop: the two trips were one.
    const late = { fixTime: stop.time + 105_000, lat: stop.lat + 0.009, lon: stop.lon, speed: 50 };
    await h.ingest([{ device: { deviceId: h.device.id }, position: late }]);
    await h.webhooks.catchUp();
    await h.deliverAll();
    const sent = received.map(
      (r) => (JSON.parse(r.body) as { event: { type: string; attributes: Record<string, unknown> } }).event,
    );
    expect(sent.map((e) => e.type)).toEqual(['trip-start', 'trip-start', 'event-retracted']);
    expect(sent[2]!.attributes).toMatchObject({ eventId: second!.id, type: 'trip-start' });
  });

  it('filters by type and device, renders templates, and marks a failing webhook dead with an event', async () => {
    const h = await hub();
    const other = await storage.createDevice({ groupId: h.group.id, name: 'other' });
    const gone = await h.subscribe({ url: `${base}/gone`, eventTypes: ['sos'], deviceIds: [h.device.id] });
    const watcher = await h.subscribe({
      eventTypes: ['callback-dead'],
      headers: { 'x-event': '{type}' },
      bodyTemplate: '{"text":"{deviceName}: webhook {attribute#callbackId} is dead ({attribute#reason})"}',
    });
    answers = [410];
    await h.ingest([
      { device: { deviceId: other.id }, events: [{ type: 'sos', time: T0 }] },
      { device: { deviceId: h.device.id }, events: [{ type: 'sos', time: T0 + 1 }] },
    ]);
    await h.webhooks.catchUp();
    await h.deliverAll();
    expect(await storage.getCallback(gone.id)).toMatchObject({ dead: true });
    const [dead] = (await storage.listEvents({ scope: '/', types: ['callback-dead'], limit: 10 })).items;
    expect(dead).toMatchObject({ deviceId: h.device.id, key: String(gone.id) });

    // The dead event goes out through the other webhook, with its template.
    await h.webhooks.catchUp();
    await h.deliverAll();
    const last = received[received.length - 1]!;
    expect(last.headers['x-event']).toBe('callback-dead');
    expect(JSON.parse(last.body)).toEqual({ text: `van 7: webhook ${gone.id} is dead (Gone)` });
    expect(await storage.listDeliveries({ callbackIds: [watcher.id], limit: 10 })).toHaveLength(1);

    // A dead webhook gets nothing new queued until it is revived.
    await h.ingest([{ device: { deviceId: h.device.id }, events: [{ type: 'sos', time: T0 + 2 }] }]);
    await h.webhooks.catchUp();
    expect(await storage.listDeliveries({ callbackIds: [gone.id], limit: 10 })).toHaveLength(1);
  });
});
