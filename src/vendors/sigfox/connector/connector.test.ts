import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PageResult } from '../../../ingest/connector.ts';
import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import { createHttpFetch } from '../../../ingest/http.ts';
import type { Source } from '../../../model/records.ts';
import { generateCredentials } from '../facade/auth.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import { sigfoxConnector } from './connector.ts';

type Hub = Awaited<ReturnType<typeof startTestHub>>;
const fetch = createHttpFetch(10_000);

/** Runs the connector page by page as the ingest runtime does: records and cursor committed together. */
async function pullRound(hub: Hub, source: Source, maxPages = 500): Promise<number> {
  let pages = 0;
  const group = (await hub.storage.getGroup(source.groupId))!;
  for (;;) {
    const current = (await hub.storage.getSource(source.id))!;
    const page: PageResult = await sigfoxConnector.fetchPage({
      source: current,
      cursor: current.cursor,
      fetch,
    });
    await hub.hub.pipeline.ingest(
      page.records,
      {
        groupId: group.id,
        scopePath: group.path,
        sourceId: source.id,
        unknownDevices: 'create',
        receivedTime: Date.now(),
      },
      { sourceId: source.id, cursor: page.cursor },
    );
    if (!page.more || ++pages >= maxPages) return pages;
  }
}

const deviceMessages = async (hub: Hub, externalId: string) => {
  const ref = { vendor: 'sigfox', externalId };
  const found = [...(await hub.storage.resolveDevices([ref], null)).values()][0];
  if (!found) return [];
  return (await hub.storage.listMessages({ deviceId: found.deviceId, limit: 10_000 })).items;
};

describe('pulling from a Sigfox backend: Trackway’s own v1 facade', () => {
  let backend: Hub;
  let puller: Hub;
  let source: Source;
  let send: (body: object) => Promise<Response>;

  beforeEach(async () => {
    backend = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
    const src = await sigfoxSource(backend.storage);
    const type = await backend.storage.createDeviceType({ groupId: src.group.id, name: 'meters' });
    await backend.storage.updateSource(src.source.id, { settings: { deviceTypeId: type.id } });
    send = (body) =>
      fetch(`${backend.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const creds = await generateCredentials(backend.storage, src.group);
    puller = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
    const group = await puller.storage.createGroup({ parentId: null, name: 'pulled' });
    source = await puller.storage.createSource({
      groupId: group.id,
      vendor: 'sigfox',
      kind: 'pull',
      name: 'backend',
      settings: { baseUrl: `${backend.url}/compat/sigfox`, ...creds },
    });
  });
  afterEach(async () => {
    await puller.stop();
    await backend.stop();
  });

  it('copies every message and location, then only what is new', async () => {
    const t0 = 1_700_000_000;
    for (let i = 0; i < 230; i++) {
      const device = i % 2 ? 'AA01' : 'AA02';
      expect(
        (await send({ device, time: t0 + i, seqNumber: i, data: i.toString(16).padStart(4, '0'), snr: 10 }))
          .status,
      ).toBe(204);
    }
    await send({
      device: 'AA01',
      time: t0 + 1,
      seqNumber: 1,
      computedLocation: { lat: 43.6, lng: 1.4, radius: 800, status: 1 },
    });
    const pages = await pullRound(puller, source);
    expect(pages).toBeGreaterThan(3); // types, 2 pages+ of messages, devices, locations
    expect((await deviceMessages(puller, 'AA01')).length).toBe(115);
    expect((await deviceMessages(puller, 'AA02')).length).toBe(115);
    const aa01 = (await deviceMessages(puller, 'AA01')).find((m) => m.payload === '0001')!;
    expect(aa01).toMatchObject({ deviceTime: (t0 + 1) * 1000, radio: { snr: 10, seqNumber: 1 } });
    const ref = { vendor: 'sigfox', externalId: 'AA01' };
    const id = [...(await puller.storage.resolveDevices([ref], null)).values()][0]!.deviceId;
    expect((await puller.storage.listPositions({ deviceId: id, limit: 10 })).items).toMatchObject([
      { lat: 43.6, lon: 1.4, accuracy: 800, fixTime: (t0 + 1) * 1000 },
    ]);
    for (let i = 230; i < 233; i++)
      await send({ device: 'AA01', time: t0 + i, seqNumber: i, data: 'ff' + i, snr: 9 });
    await pullRound(puller, source);
    expect((await deviceMessages(puller, 'AA01')).length).toBe(118);
    expect((await deviceMessages(puller, 'AA02')).length).toBe(115);
  });

  it('stops on refused credentials, since retrying cannot help', async () => {
    await puller.storage.updateSource(source.id, { settings: { ...source.settings, password: 'wrong' } });
    const current = (await puller.storage.getSource(source.id))!;
    await expect(sigfoxConnector.fetchPage({ source: current, cursor: null, fetch })).rejects.toThrow(
      FatalError,
    );
    await expect(
      sigfoxConnector.fetchPage({
        source: { ...current, settings: { baseUrl: backend.url } },
        cursor: null,
        fetch,
      }),
    ).rejects.toThrow('settings.login: the API login is required');
  });
});

describe('pulling from a Sigfox backend: the document’s examples', () => {
  let server: Server;
  let base: string;
  let requests: { url: string; auth: string | undefined }[];
  let pages: Record<string, unknown>;

  beforeEach(async () => {
    requests = [];
    server = createServer((req, res) => {
      requests.push({ url: req.url!, auth: req.headers.authorization });
      const path = new URL(req.url!, 'http://x').pathname;
      const body = pages[req.url!] ?? pages[path];
      res.statusCode = body === undefined ? 404 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body ?? { message: 'not found' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Bodies from the backend document: device types list, messages of a type, devices, locations.
    pages = {
      '/api/devicetypes': {
        data: [
          { id: '4d3091a05ee16b3cc86699ab', name: 'SIGFOX test device', keepAlive: 0, payloadType: 'None' },
        ],
      },
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/messages': {
        data: [
          {
            device: '002C',
            time: 1343321977,
            data: '3235353843fc',
            linkQuality: 'GOOD',
            rinfos: [{ tap: '003D', snr: '38.2', lat: '43', lng: '6' }],
          },
        ],
        paging: {
          next: `${base}/api/devicetypes/4d3091a05ee16b3cc86699ab/messages?limit=100&before=1338803969&offset=100`,
        },
      },
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/messages?limit=100&before=1338803969&offset=100': {
        data: [],
      },
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/devices': {
        data: [{ id: '002C', name: 'Labege 4', type: '4d3091a05ee16b3cc86699ab', last: 1343321977 }],
      },
      '/api/devices/002C/locations': {
        data: [{ time: 1343321977, valid: true, lat: 42.4631156, lng: 1.5652321, radius: 360 }],
      },
    };
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  const src = (settings: Record<string, unknown>) =>
    ({
      id: 1,
      settings: { baseUrl: base, login: '123login', password: '456passwd', ...settings },
    }) as unknown as Source;

  it('lists types and devices and pages messages and locations with Basic auth', async () => {
    let cursor: string | null = null;
    const records = [];
    for (let i = 0; i < 10; i++) {
      const page: PageResult = await sigfoxConnector.fetchPage({ source: src({}), cursor, fetch });
      records.push(...page.records);
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(
      requests.every((r) => r.auth === `Basic ${Buffer.from('123login:456passwd').toString('base64')}`),
    ).toBe(true);
    expect(requests.map((r) => r.url)).toEqual([
      '/api/devicetypes',
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/messages?limit=100&since=0',
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/messages?limit=100&before=1338803969&offset=100',
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/devices?limit=100&offset=0',
      '/api/devices/002C/locations?limit=100&since=0',
    ]);
    expect(records).toEqual([
      {
        device: { vendor: 'sigfox', externalId: '002C' },
        message: {
          deviceTime: 1343321977000,
          sourceMessageId: null,
          messageType: 'UPLINK',
          payload: '3235353843fc',
          payloadEncoding: 'hex',
          radio: { seqNumber: null, snr: 38.2, rssi: null, station: '003D', linkQuality: 'GOOD' },
          attributes: { networkLocation: { lat: 43, lng: 6 } },
        },
      },
      {
        device: { vendor: 'sigfox', externalId: '002C' },
        position: { fixTime: 1343321977000, lat: 42.4631156, lon: 1.5652321, accuracy: 360, valid: true },
      },
    ]);
    // The next round starts from the marks: only newer messages are asked for.
    requests = [];
    await sigfoxConnector.fetchPage({ source: src({}), cursor, fetch });
    await sigfoxConnector.fetchPage({
      source: src({}),
      cursor: JSON.stringify({
        ...JSON.parse(cursor!),
        queue: [{ kind: 'messages', typeId: '4d3091a05ee16b3cc86699ab' }],
      }),
      fetch,
    });
    expect(requests[1]!.url).toBe(
      '/api/devicetypes/4d3091a05ee16b3cc86699ab/messages?limit=100&since=1343321977',
    );
  });

  it('refuses to follow paging.next to another host, and retries server errors', async () => {
    pages['/api/devicetypes/4d3091a05ee16b3cc86699ab/messages'] = {
      data: [],
      paging: { next: 'http://elsewhere.test/api/x' },
    };
    let cursor: string | null = (await sigfoxConnector.fetchPage({ source: src({}), cursor: null, fetch }))
      .cursor;
    cursor = (await sigfoxConnector.fetchPage({ source: src({}), cursor, fetch })).cursor;
    await expect(sigfoxConnector.fetchPage({ source: src({}), cursor, fetch })).rejects.toThrow(
      /leaves .*; refusing/,
    );
    const down = src({ baseUrl: `${base}/nothing-here` });
    await expect(sigfoxConnector.fetchPage({ source: down, cursor: null, fetch })).rejects.toThrow(
      FatalError,
    );
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await expect(sigfoxConnector.fetchPage({ source: src({}), cursor: null, fetch })).rejects.toThrow(
      RetryableError,
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
});
