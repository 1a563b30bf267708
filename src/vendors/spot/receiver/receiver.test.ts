import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubContext } from '../../../api/context.ts';
import type { App } from '../../../api/app.ts';
import { hashSecret } from '../../../auth/secrets.ts';
import type { Source } from '../../../model/records.ts';
import { Pipeline } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import { externalKey } from '../../../storage/storage.ts';
import { parseFeed } from '../connector/parse-feed.ts';
import type { SpotFeedPage } from '../spot-message.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';
import { spotMessages } from '../testing/messages.ts';
import { pushXml } from '../testing/push-xml.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';
import { toRecord } from '../connector/to-records.ts';
import { PUSH_PREFIX, spotPushRoutes } from './routes.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('SPOT push receiver', () => {
  let dir: string;
  let storage: SqliteStorage;
  let pipeline: Pipeline;
  let app: App;
  let base: string;
  let groupId: number;
  let source: Source;

  const addSource = async (kind: 'push' | 'pull', secret: string, esn: string | null = null) => {
    const s = await storage.createSource({
      groupId,
      vendor: 'spot',
      kind,
      name: `spot ${kind}`,
      settings: kind === 'pull' ? { feedId: 'feed' } : {},
    });
    await storage.createReceiverSecret({
      sourceId: s.id,
      externalId: esn,
      name: 'SPOT',
      prefix: secret.slice(0, 4),
      secretHash: hashSecret(secret),
    });
    return s;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-spot-push-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'));
    await storage.migrate();
    groupId = (await storage.createGroup({ parentId: null, name: 'expedition' })).id;
    source = await addSource('push', 'push-secret');
    pipeline = new Pipeline(storage);
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
    const hub = { storage, pipeline, state: { ready: true } } as unknown as HubContext;
    await app.register(spotPushRoutes(hub), { prefix: PUSH_PREFIX });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${PUSH_PREFIX}`;
  });
  afterEach(async () => {
    await app.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  const push = async (body: string, path = `${source.id}?secret=push-secret`, headers = {}) => {
    const res = await fetch(`${base}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const deviceOf = async (esn: string) =>
    (await storage.resolveDevices([{ vendor: 'spot', externalId: esn }], null)).get(
      externalKey({ vendor: 'spot', externalId: esn }),
    )?.deviceId;
  const stored = async (esn: string) => {
    const deviceId = await deviceOf(esn);
    if (deviceId == null) return { messages: [], positions: [] };
    return {
      messages: (await storage.listMessages({ deviceId, limit: 100, order: 'asc' })).items,
      positions: (await storage.listPositions({ deviceId, limit: 100 })).items,
    };
  };
  const documentMessages = () => (parseFeed(DOCUMENT_XML).result as SpotFeedPage).messages;

  it.skipIf(samplesMissing)('stores the real push sample once, answering after the commit', async () => {
    const sample = readSample('traccar__spot-xml-push-messageList.xml');
    expect(await push(sample)).toEqual({ status: 200, body: { accepted: 1, merged: 0, duplicate: 0 } });
    const device = await storage.getDevice((await deviceOf('0-3112123'))!);
    expect(device!.name).toBe('0-3112123a');
    const { messages, positions } = await stored('0-3112123');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      sourceId: source.id,
      sourceMessageId: '891801957',
      messageType: 'NEWMOVEMENT',
      deviceTime: 1514380778_000,
      payload: 'SPOT Trace has detected that the asset has moved.',
      attributes: { batteryState: 'GOOD', messengerName: '0-3112123a' },
    });
    expect(positions.map((p) => [p.lat, p.lon, p.fixTime])).toEqual([[-1.28781, -47.93042, 1514380778_000]]);
    // SPOT sending the same list again is acknowledged and not stored twice.
    expect(await push(sample)).toEqual({ status: 200, body: { accepted: 0, merged: 0, duplicate: 1 } });
    expect((await stored('0-3112123')).messages).toHaveLength(1);
  });

  it('raises SOS events from HELP and HELP-CANCEL and keeps a message without a fix', async () => {
    expect((await push(pushXml(documentMessages()))).body).toEqual({ accepted: 5, merged: 0, duplicate: 0 });
    const { messages, positions } = await stored('0-8356068');
    expect(messages.map((m) => m.messageType)).toEqual(['TRACK', 'OK', 'CUSTOM', 'HELP', 'HELP-CANCEL']);
    expect(positions).toHaveLength(4);
    const events = await storage.listEvents({ scope: '/', limit: 10 });
    expect(events.items.map((e) => [e.type, e.time]).sort()).toEqual([
      ['sos', 1364909283_000],
      ['sos-cancelled', 1364909292_000],
    ]);
  });

  it('stores a message once when it arrives by the feed and by push into the feed source', async () => {
    const feedSource = await addSource('pull', 'feed-secret');
    const [newest, older] = documentMessages();
    // What the feed connector commits for a page holding the newest message.
    await pipeline.ingest([toRecord(newest!)], {
      groupId,
      scopePath: `/${groupId}/`,
      sourceId: feedSource.id,
      unknownDevices: 'create',
      receivedTime: Date.now(),
    });
    const res = await push(pushXml([newest!, older!]), `${feedSource.id}?secret=feed-secret`);
    expect(res).toEqual({ status: 200, body: { accepted: 1, merged: 0, duplicate: 1 } });
    const { messages } = await stored('0-8356068');
    expect(messages.map((m) => [m.sourceMessageId, m.sourceId])).toEqual([
      ['4937064', feedSource.id],
      ['4937065', feedSource.id],
    ]);
  });

  it('stores a message pushed into two sources twice, its position and SOS event once (docs/vendors/spot.md)', async () => {
    const other = await addSource('push', 'other-secret');
    const help = documentMessages().filter((m) => m.messageType === 'HELP');
    for (const path of [`${source.id}?secret=push-secret`, `${other.id}?secret=other-secret`]) {
      expect((await push(pushXml(help), path)).body).toEqual({ accepted: 1, merged: 0, duplicate: 0 });
    }
    const { messages, positions } = await stored('0-8356068');
    expect(messages).toHaveLength(2);
    expect(positions).toHaveLength(1);
    expect((await storage.listEvents({ scope: '/', limit: 10 })).items.map((e) => e.type)).toEqual(['sos']);
    // Identity is device, fix time and coordinates: the same time elsewhere is another position.
    const moved = help.map((m) => ({ ...m, id: '99', latitude: m.latitude + 0.01 }));
    expect((await push(pushXml(moved))).body).toEqual({ accepted: 1, merged: 0, duplicate: 0 });
    expect((await stored('0-8356068')).positions).toHaveLength(2);
  });

  it('takes the secret from a header as well as from the URL', async () => {
    const body = pushXml(spotMessages('0-1', 1, Date.UTC(2026, 0, 1)));
    expect((await push(body, `${source.id}`, { 'x-trackway-secret': 'push-secret' })).status).toBe(200);
    expect((await push(body, `${source.id}`, { authorization: 'Bearer push-secret' })).body).toEqual({
      accepted: 0,
      merged: 0,
      duplicate: 1,
    });
  });

  it('refuses a missing or wrong secret, or one of another source, with 401, storing nothing', async () => {
    const other = await addSource('push', 'other-secret');
    const body = pushXml(spotMessages('0-1', 2, Date.UTC(2026, 0, 1)));
    for (const path of [`${source.id}`, `${source.id}?secret=wrong`, `${source.id}?secret=other-secret`]) {
      const res = await push(body, path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 401, 'UNAUTHORIZED']);
    }
    expect((await push(body, `${other.id}?secret=push-secret`)).status).toBe(401);
    expect(await deviceOf('0-1')).toBeUndefined();
  });

  it('refuses, with 403, messengers a device-bound secret is not for, storing nothing of the list', async () => {
    const bound = await addSource('push', 'bound-secret', '0-1');
    const list = [
      ...spotMessages('0-1', 1, Date.UTC(2026, 0, 1)),
      ...spotMessages('0-2', 1, Date.UTC(2026, 0, 1)),
    ];
    const res = await push(pushXml(list), `${bound.id}?secret=bound-secret`);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/bound to messenger 0-1, not 0-2/);
    expect(await deviceOf('0-1')).toBeUndefined();
    expect((await push(pushXml(list.slice(0, 1)), `${bound.id}?secret=bound-secret`)).status).toBe(200);
  });

  it('answers malformed XML with a 400 that says where, storing nothing', async () => {
    const good = pushXml(spotMessages('0-1', 3, Date.UTC(2026, 0, 1)));
    const res = await push(good.replace('</message>', ''));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_BODY' });
    expect(res.body.error.message).toMatch(/^malformed XML at line \d+, column \d+/);
    const feedBody = await push(DOCUMENT_XML);
    expect([feedBody.status, feedBody.body.error.message]).toEqual([
      400,
      'not a SPOT push body: the root element must be <messageList>',
    ]);
    expect(await deviceOf('0-1')).toBeUndefined();
  });

  it('refuses a disabled source with 403', async () => {
    await storage.updateSource(source.id, { enabled: false });
    expect((await push(pushXml(spotMessages('0-1', 1, Date.UTC(2026, 0, 1))))).status).toBe(403);
  });
});
