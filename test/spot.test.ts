import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushXml } from '../src/vendors/spot/testing/push-xml.ts';
import { Api, expectStatus, type Json } from './support/api.ts';
import { deviceByExternalId } from './support/receivers.ts';
import { ADMIN_TOKEN, startServer, type RunningServer } from './support/server.ts';
import { samples } from './support/shared-data.ts';

const spotSamples = samples('spot');
const FEED = '/compat/spot/spot-main-web/consumer/rest-api/2.0/public/feed';

/**
 * SPOT end to end through the real server: messages pushed as SPOT pushes them, published as a feed through the
 * native API, and read back through SPOT's own feed API the way a SPOT client reads it.
 */
describe.skipIf(!spotSamples.present)('SPOT: push in, feed API out', () => {
  let server: RunningServer;
  let admin: Api;
  let pushUrl: string;
  // SPOT's feed API shows the last 7 days only, so the messages are dated just before the test runs.
  const now = Math.floor(Date.now() / 1000);
  // The real push sample, moved to the present.
  const sample = readFileSync(join(spotSamples.dir, 'traccar__spot-xml-push-messageList.xml'), 'utf8')
    .replace('2017-12-27T13:19:38.000Z', new Date((now - 600) * 1000).toISOString())
    .replace('1514380778', String(now - 600));
  const spot2 = (id: string, ago: number, messageType: string, fix: boolean, batteryState = 'GOOD') => ({
    id,
    messengerId: '0-8356068',
    messengerName: 'Spot2',
    unixTime: now - ago,
    messageType,
    latitude: fix ? 45.42249 : -99999,
    longitude: fix ? -111.68832 : -99999,
    modelId: null,
    showCustomMsg: null,
    dateTime: null,
    batteryState,
    hidden: 0,
    altitude: null,
    messageContent: messageType === 'HELP' ? 'Need help at the ridge' : null,
    clientUnixTime: '0',
  });
  const list = pushXml([
    spot2('4937057', 500, 'TRACK', true),
    spot2('4937064', 400, 'HELP', true),
    spot2('4937065', 300, 'HELP-CANCEL', false),
    spot2('4937070', 200, 'OK', true, 'LOW'),
    spot2('4937071', 100, 'TRACK', true, 'LOW'),
  ]);

  beforeAll(async () => {
    server = await startServer();
    admin = new Api(server.url, ADMIN_TOKEN);
    const source = expectStatus(
      await admin.post('/api/v1/sources', { vendor: 'spot', kind: 'push', name: 'SPOT push' }),
      201,
    );
    const { secret } = expectStatus(
      await admin.post(`/api/v1/sources/${source.id}/secrets`, { name: 'SPOT' }),
      201,
    );
    pushUrl = `${server.url}/ingest/spot/${source.id}?secret=${encodeURIComponent(secret)}`;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const post = (url: string, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });

  it('refuses a push with a wrong secret and stores nothing', async () => {
    const res = await post(pushUrl.replace(/secret=.*/, 'secret=wrong'), sample);
    expect(res.status).toBe(401);
    expect(await deviceByExternalId(admin, 'spot', '0-3112123')).toBeUndefined();
  });

  it('answers a malformed push with 400', async () => {
    const res = await post(pushUrl, sample.replace('</messageList>', ''));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error.message).toMatch(/malformed XML/);
  });

  it('serves pushed messages through message.json and latest.xml of a feed', async () => {
    expect(await (await post(pushUrl, sample)).json()).toEqual({ accepted: 1, merged: 0, duplicate: 0 });
    expect(await (await post(pushUrl, list)).json()).toEqual({ accepted: 5, merged: 0, duplicate: 0 });
    const trace = await deviceByExternalId(admin, 'spot', '0-3112123');
    const spot = await deviceByExternalId(admin, 'spot', '0-8356068');
    expect([trace.name, spot.name]).toEqual(['0-3112123a', 'Spot2']);
    const feed = expectStatus(
      await admin.post('/api/v1/spot/feeds', {
        name: 'Expedition',
        deviceIds: [trace.id, spot.id],
        password: 'summit',
      }),
      201,
    );

    const locked = await admin.as(null).get(`${FEED}/${feed.feedId}/message.json`);
    expect(locked.body.response.errors.error.code).toBe('E-0161');
    const page = await admin.as(null).get(`${FEED}/${feed.feedId}/message.json?feedPassword=summit`);
    expect(page.status).toBe(200);
    const response = page.body.response.feedMessageResponse;
    expect(response.feed).toMatchObject({ id: feed.feedId, name: 'Expedition', daysRange: 7 });
    expect([response.count, response.totalCount]).toEqual([6, 6]);
    const messages = response.messages.message as Json[];
    expect(messages.map((m) => [m.id, m.messengerId, m.messageType, m.unixTime])).toEqual([
      [4937071, '0-8356068', 'TRACK', now - 100],
      [4937070, '0-8356068', 'OK', now - 200],
      [4937065, '0-8356068', 'HELP-CANCEL', now - 300],
      [4937064, '0-8356068', 'HELP', now - 400],
      [4937057, '0-8356068', 'TRACK', now - 500],
      [891801957, '0-3112123', 'NEWMOVEMENT', now - 600],
    ]);
    expect(messages[1]).toMatchObject({ batteryState: 'LOW', latitude: 45.42249 });
    expect([messages[2]!.latitude, messages[2]!.longitude]).toEqual([-99999, -99999]);
    expect(messages[3]!.messageContent).toBe('Need help at the ridge');
    expect(messages[5]).toMatchObject({
      messengerName: '0-3112123a',
      latitude: -1.28781,
      longitude: -47.93042,
      messageContent: 'SPOT Trace has detected that the asset has moved.',
    });

    const latest = await fetch(`${server.url}${FEED}/${feed.feedId}/latest.xml?feedPassword=summit`);
    expect(latest.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = new XMLParser({ isArray: (name) => name === 'message', parseTagValue: false }).parse(
      await latest.text(),
    ) as Json;
    const newest = xml.response.feedMessageResponse.messages.message as Json[];
    expect(newest.map((m) => [m.id, m.messengerId, m.messageType])).toEqual([
      ['4937071', '0-8356068', 'TRACK'],
      ['891801957', '0-3112123', 'NEWMOVEMENT'],
    ]);

    const events = await admin.all(`/api/v1/events?deviceId=${spot.id}&type=sos,sos-cancelled`);
    expect(events.map((e: Json) => e.type).sort()).toEqual(['sos', 'sos-cancelled']);
  });

  it('raises low battery once when the state turns LOW, not for each LOW message', async () => {
    const spot = await deviceByExternalId(admin, 'spot', '0-8356068');
    const lowEvents = () => admin.all(`/api/v1/events?deviceId=${spot.id}&type=low-battery`);
    // Alarms are derived after the commit that answered the push: wait until they are there.
    for (let i = 0; i < 200 && (await lowEvents()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await lowEvents()).map((e: Json) => e.time)).toEqual([
      new Date((now - 200) * 1000).toISOString(),
    ]);
  });
});
