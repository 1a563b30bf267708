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
import type { IngestRecord } from '../../../model/ingest.ts';
import { Pipeline } from '../../../pipeline/pipeline.ts';
import { SqliteStorage } from '../../../storage/sqlite/sqlite-storage.ts';
import { parseFeed } from '../connector/parse-feed.ts';
import { FEED_PATH } from '../connector/settings.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';
import { spotMessages } from '../testing/messages.ts';
import { pushXml } from '../testing/push-xml.ts';
import { parsePush } from '../receiver/parse-push.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';
import { toRecord } from '../connector/to-records.ts';
import { spotFeeds, spotStorage } from '../storage/index.ts';
import { spotFeedRoutes } from './routes.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('SPOT feed API served by Trackway', () => {
  let dir: string;
  let storage: SqliteStorage;
  let app: App;
  let base: string;
  let groupId: number;
  let now = 0;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trackway-spot-'));
    storage = new SqliteStorage(join(dir, 'trackway.db'), { extensions: [spotStorage] });
    await storage.migrate();
    groupId = (await storage.createGroup({ parentId: null, name: 'fleet' })).id;
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
    await app.register(spotFeedRoutes({ storage } as unknown as HubContext, { now: () => now }), {
      prefix: '/compat/spot',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/compat/spot${FEED_PATH}`;
  });
  afterEach(async () => {
    await app.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ingest = async (records: IngestRecord[]) => {
    const summary = await new Pipeline(storage).ingest(records, {
      groupId,
      scopePath: `/${groupId}/`,
      sourceId: null,
      unknownDevices: 'create',
      receivedTime: now,
    });
    expect(summary.rejected).toBe(0);
  };
  const ingestBody = (body: string) => {
    const { result } = parseFeed(body);
    if (result.kind !== 'messages') throw new Error('expected messages');
    return ingest(result.messages.map(toRecord));
  };
  const feedOf = async (
    feedId: string,
    extra: { password?: string; name?: string; rateLimited?: boolean } = {},
  ) => {
    const devices = await storage.listDevices({ scope: '/', limit: 100 });
    return spotFeeds(storage).createFeed({
      groupId,
      feedId,
      name: extra.name ?? feedId,
      description: extra.name ?? feedId,
      passwordHash: extra.password ? hashSecret(extra.password) : null,
      deviceIds: devices.items.map((d) => d.id),
      rateLimited: extra.rateLimited,
    });
  };
  const get = async (path: string) => {
    const response = await fetch(`${base}/${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  const getJson = async (path: string) => JSON.parse((await get(path)).text) as Json;

  describe.skipIf(samplesMissing)('with real feeds', () => {
    it('gives back the messages of a real feed exactly as SPOT sent them', async () => {
      const sample = JSON.parse(readSample('flyxc__spot2.json')) as Json;
      now = 1571231455000 + 3_600_000;
      await ingestBody(readSample('flyxc__spot2.json'));
      await feedOf('023uaRmEescnGQq2d6b4TTu3B1z1qBgeT', { name: 'parapente' });

      for (const path of ['message.json', 'message']) {
        const body = (await getJson(`023uaRmEescnGQq2d6b4TTu3B1z1qBgeT/${path}`)).response
          .feedMessageResponse;
        expect(body.messages).toEqual(sample.response.feedMessageResponse.messages);
        expect(body.feed).toEqual(sample.response.feedMessageResponse.feed);
        expect([body.count, body.totalCount, body.activityCount]).toEqual([5, 5, 0]);
      }
    });

    it('answers latest with the single-object quirk', async () => {
      const sample = JSON.parse(readSample('spot-gps__latest.json')) as Json;
      now = 1468164566000 + 60_000;
      await ingestBody(readSample('spot-gps__latest.json'));
      await feedOf('FEED_ID', { name: 'Testing' });
      const body = (await getJson('FEED_ID/latest.json')).response.feedMessageResponse;
      expect(body.messages).toEqual(sample.response.feedMessageResponse.messages);
      expect(Array.isArray(body.messages.message)).toBe(false);
    });
  });

  it("writes the document's XML for the document's messages", async () => {
    now = 1364909292000 + 60_000;
    await ingestBody(DOCUMENT_XML);
    await feedOf('03XHH0sPyTiYUsYD2TVJ4q7CzEH89HBhG', { name: 'OneAtATime' });
    const { text, type } = await get('03XHH0sPyTiYUsYD2TVJ4q7CzEH89HBhG/message.xml');
    expect(type).toMatch(/^application\/xml/);
    const expected = DOCUMENT_XML.replace('<count>10</count>', '<count>5</count>')
      .replace('<totalCount>10</totalCount>', '<totalCount>5</totalCount>')
      .replace('</detailedMessageShown>\n', '</detailedMessageShown>\n      <type>SHARED_PAGE</type>\n');
    expect(text).toBe(expected);
  });

  it('lets a client counting from 1 and one counting from 0 both end with every message', async () => {
    now = Date.UTC(2026, 0, 1);
    await ingest(spotMessages('0-1', 137, now - 60_000).map(toRecord));
    await feedOf('pages');
    for (const step of [(page: number) => 1 + page * 50, (page: number) => page * 50]) {
      const ids = new Set<string>();
      for (let page = 0; page < 10; page++) {
        const body = (await getJson(`pages/message.json?start=${step(page)}`)).response;
        if (body.errors) {
          expect(body.errors.error.code).toBe('E-0195');
          break;
        }
        const list = [body.feedMessageResponse.messages.message].flat() as Json[];
        expect(body.feedMessageResponse.totalCount).toBe(137);
        for (const m of list) ids.add(String(m.id));
      }
      expect(ids.size).toBe(137);
    }
    const first = (await getJson('pages/message.json')).response.feedMessageResponse;
    const times = (first.messages.message as Json[]).map((m) => m.unixTime as number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.count).toBe(50);
  });

  it('reads startDate and endDate with -0000, +0000 and %2B0000, never more than 7 days back', async () => {
    now = Date.UTC(2026, 0, 10);
    // One message every 5 minutes over the last 10 days.
    await ingest(spotMessages('0-1', 2880, now).map(toRecord));
    await feedOf('dates');
    const total = async (query: string) =>
      ((await getJson(`dates/message.json?${query}`)).response.feedMessageResponse?.totalCount as number) ??
      0;
    const hour = 'startDate=2026-01-09T10:00:00-0000&endDate=2026-01-09T11:00:00-0000';
    expect(await total(hour)).toBe(13);
    expect(await total(hour.replaceAll('-0000', '+0000'))).toBe(13);
    expect(await total(hour.replaceAll('-0000', '%2B0000'))).toBe(13);
    expect(await total('startDate=2026-01-09T12:00:00%2B0200&endDate=2026-01-09T13:00:00%2B0200')).toBe(13);
    expect(await total('startDate=2025-12-01T00:00:00-0000&endDate=2026-01-10T00:00:00-0000')).toBe(
      7 * 288 + 1,
    );
    expect(await total('')).toBe(7 * 288 + 1);
  });

  it("answers SPOT's error envelopes: unknown feed, wrong password, no messages, bad parameters", async () => {
    now = Date.UTC(2026, 0, 1);
    await ingest(spotMessages('0-1', 3, now - 20 * 86_400_000).map(toRecord));
    await feedOf('locked', { password: 'secret' });
    expect((await getJson('nope/message.json')).response.errors.error).toEqual({
      code: 'E-0160',
      text: 'Feed Not Found',
      description: 'Feed with Id: nope not found.',
    });
    expect((await getJson('locked/message.json')).response.errors.error.code).toBe('E-0161');
    expect((await getJson('locked/message.json?feedPassword=wrong')).response.errors.error.code).toBe(
      'E-0161',
    );
    // The messages are older than 7 days: SPOT would no longer show them.
    expect((await getJson('locked/message.json?feedPassword=secret')).response.errors.error).toEqual({
      code: 'E-0195',
      text: 'No Messages to display',
      description: 'No displayable messages found found for feed: locked',
    });
    const bad = await get('locked/message.xml?feedPassword=secret&start=abc');
    expect(bad.status).toBe(400);
    expect(parseFeed(bad.text).result).toMatchObject({ kind: 'error', code: 'E-0400' });
    const badDate = await get('locked/message.json?feedPassword=secret&startDate=yesterday');
    expect(JSON.parse(badDate.text).response.errors.error.description).toMatch(/startDate must look like/);
  });

  it('publishes positions of other devices as SPOT messages, TRACK unless something better applies', async () => {
    now = Date.UTC(2026, 0, 1);
    const phone = { vendor: 'osmand', externalId: 'phone-1', name: 'Anna' };
    await ingest([
      { device: phone, position: { fixTime: now - 120_000, lat: 46.5, lon: 7.5, altitude: 812.4 } },
      { device: phone, position: { fixTime: now - 60_000, lat: 46.6, lon: 7.6, motion: false } },
      {
        device: phone,
        position: { fixTime: now - 30_000, lat: 46.7, lon: 7.7, attributes: { alarm: 'sos' } },
      },
    ]);
    await feedOf('mixed');
    const list = (await getJson('mixed/message.json')).response.feedMessageResponse.messages
      .message as Json[];
    expect(list.map((m) => [m.messageType, m.messengerName, m.latitude])).toEqual([
      ['HELP', 'Anna', 46.7],
      ['STOP', 'Anna', 46.6],
      ['TRACK', 'Anna', 46.5],
    ]);
    expect(list[2]).toMatchObject({ altitude: 812, hidden: 0, '@clientUnixTime': '0' });
    expect(list[2]!.messengerId).toMatch(/^TW-\d+$/);
    expect(list[2]!.dateTime).toBe(new Date(now - 120_000).toISOString().replace('.000Z', '-0000'));
    expect(list[2]!.modelId).toBe('TRACKWAY');
  });

  it("writes pushed messages and other devices' positions in the document's XML shape", async () => {
    now = Date.UTC(2026, 0, 1);
    const phone = { vendor: 'osmand', externalId: 'phone-1', name: 'Anna' };
    // What the push receiver commits: no modelId, no dateTime, a battery state; whole-degree coordinates.
    const [pushed] = parsePush(
      pushXml([
        {
          ...spotMessages('0-1234567', 1, now - 120_000)[0]!,
          latitude: 46,
          longitude: 7,
          batteryState: 'GOOD',
        },
      ]),
    );
    await ingest([
      toRecord(pushed!),
      { device: phone, position: { fixTime: now - 60_000, lat: 46, lon: 7, altitude: 812.4 } },
    ]);
    await feedOf('mixed');
    const { text } = await get('mixed/message.xml');
    const messages = text.split('<message ').slice(1);
    expect(messages).toHaveLength(2);
    // The document's elements in its order; batteryState and altitude, which it lacks, after them.
    const order = [
      'id',
      'messengerId',
      'messengerName',
      'unixTime',
      'messageType',
      'latitude',
      'longitude',
    ].concat([
      'modelId',
      'showCustomMsg',
      'dateTime',
      'hidden',
      'messageContent',
      'batteryState',
      'altitude',
    ]);
    for (const m of messages) {
      const names = [...m.matchAll(/<(\w+)>/g)].map((x) => x[1]!);
      expect(names).toEqual(order.filter((n) => names.includes(n)));
      expect(names).toEqual(expect.arrayContaining(['modelId', 'showCustomMsg', 'dateTime', 'hidden']));
      expect(m).toContain('<latitude>46.0</latitude>');
      expect(m).toContain('<longitude>7.0</longitude>');
      expect(m).toMatch(/<dateTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0000<\/dateTime>/);
    }
    expect(messages.map((m) => /<modelId>(.*)<\/modelId>/.exec(m)![1])).toEqual(['TRACKWAY', 'UNKNOWN']);
    expect(messages[1]).toContain('<batteryState>GOOD</batteryState>');
  });

  it("reproduces SPOT's rate limit on a feed that asks for it, and only there", async () => {
    now = Date.UTC(2026, 0, 1);
    await ingest(spotMessages('0-1', 3, now - 60_000).map(toRecord));
    await feedOf('strict', { rateLimited: true });
    expect((await get('strict/message.json')).status).toBe(200);
    now += 60_000;
    expect((await get('strict/message.json')).status).toBe(403);
    now += 150_000;
    expect((await get('strict/message.json')).status).toBe(200);
  });
});
