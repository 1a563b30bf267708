import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorRegistry } from '../../../ingest/registry.ts';
import { END, Fixture, START, until } from '../../../ingest/testing/fixture.ts';
import type { Source } from '../../../model/records.ts';
import { BLOCK_WAIT_MS, spotConnector } from './connector.ts';
import { readCursor } from './feed-cursor.ts';
import { FakeSpotCloud, type FakeFeed } from '../fake-cloud/fake-spot-cloud.ts';
import { FEED_PATH } from './settings.ts';
import { DOCUMENT_XML } from '../testing/document-xml.ts';
import { spotMessages } from '../testing/messages.ts';
import { readSample, samplesMissing } from '../testing/samples.ts';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('SPOT feed connector', () => {
  let f: Fixture;
  let cloud: FakeSpotCloud;
  let baseUrl: string;

  beforeEach(async () => {
    f = await Fixture.open();
    cloud = new FakeSpotCloud(() => f.clock.now());
    baseUrl = await cloud.start();
  });
  afterEach(async () => {
    await f.close();
    await cloud.close();
  });

  const addFeed = (feedId: string, feed: FakeFeed, settings: Record<string, unknown> = {}) => {
    cloud.setFeed(feedId, feed);
    return f.storage.createSource({
      groupId: f.groupId,
      vendor: 'spot',
      kind: 'pull',
      name: feedId,
      settings: { feedId, baseUrl, ...settings },
    });
  };
  const start = () => f.start({ connectors: connectorRegistry([spotConnector]) });
  const passDone = (s: Source) => async () => {
    const c = readCursor((await f.source(s.id)).cursor);
    return c.synced != null && c.pass == null;
  };

  it('pages back through a whole feed on the first sync, 150 s apart, never refused', async () => {
    const source = await addFeed('alpine', { messages: spotMessages('0-1', 120, START - 60_000) });
    start();
    await until(passDone(source), 'the first pass ends');

    const requests = cloud.requests;
    expect(requests.map((r) => r.start)).toEqual([0, 50, 100]);
    for (const gap of gaps(requests.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(150_000);
    expect(cloud.refused).toEqual([]);
    const { messages, positions } = await f.stored();
    expect(messages).toHaveLength(120);
    expect(positions).toHaveLength(120);
    expect(readCursor((await f.source(source.id)).cursor).synced).toBe(Math.floor((START - 60_000) / 1000));
    expect(f.errors).toEqual([]);
  });

  it('stops a later poll at the first page that reaches stored messages', async () => {
    const old = spotMessages('0-1', 120, START - 3_600_000);
    const source = await addFeed('alpine', { messages: old });
    start();
    await until(passDone(source), 'the first pass ends');
    const fresh = spotMessages('0-1', 3, START + 600_000, 5000);
    cloud.setFeed('alpine', { messages: [...fresh, ...old] });
    f.clock.holdAt(START + 2 * 3_600_000);
    await until(async () => (await f.stored()).messages.length === 123, 'the new messages are stored');
    await until(() => cloud.requests.length >= 6, 'two more polls');

    // After the first pass, each poll reads one page only: it reaches what is stored.
    expect(cloud.requests.slice(3).map((r) => r.start)).toEqual([0, 0, 0]);
    expect(cloud.refused).toEqual([]);
  });

  it('misses nothing when messages arrive in the middle of a pass', async () => {
    const old = spotMessages('0-1', 100, START - 3_600_000);
    const source = await addFeed('alpine', { messages: old });
    f.clock.holdAt(START + 1);
    start();
    await until(() => cloud.requests.length === 1, 'the first page is read');
    await until(async () => (await f.stored()).messages.length === 50, 'the first page is stored');
    // Ten new messages push every older one ten places down the feed while the pass goes on.
    cloud.setFeed('alpine', { messages: [...spotMessages('0-1', 10, START - 60_000, 9000), ...old] });
    f.clock.holdAt(END);
    await until(async () => (await f.stored()).messages.length === 110, 'every message is stored');
    await until(passDone(source), 'the pass ends');
    expect(cloud.refused).toEqual([]);
  });

  it.skipIf(samplesMissing)(
    'stores a real feed: device by messengerId, SOS as an event, the battery state with each position',
    async () => {
      await addFeed('flyxc', { body: readSample('flyxc__spot2.json') });
      start();
      await until(async () => (await f.stored()).messages.length === 5, 'the feed is stored');

      const devices = await f.storage.listDevices({ scope: '/', limit: 10 });
      expect(devices.items.map((d) => [d.name, d.externalIds])).toEqual([
        ['joe', [{ vendor: 'spot', externalId: '0-8139942' }]],
      ]);
      const { messages, positions } = await f.stored();
      expect(positions).toHaveLength(5);
      const help = messages.find((m) => m.messageType === 'HELP')!;
      expect(help).toMatchObject({ sourceMessageId: '1300449673', payload: 'msg help' });
      expect(help.attributes).toMatchObject({ modelId: 'SPOT2', batteryState: 'GOOD', messengerName: 'joe' });
      const events = await f.storage.listEvents({ scope: '/', limit: 10 });
      expect(events.items.map((e) => [e.type, e.time])).toEqual([['sos', 1571230128000]]);
      // Low battery is derived from these when the state turns LOW (derive/alarm-machine.ts).
      expect(positions.filter((p) => p.attributes.batteryState === 'LOW').map((p) => p.fixTime)).toEqual([
        1571229492000,
      ]);
    },
  );

  it('reads the XML feed and keeps a message without a fix, without a position', async () => {
    await addFeed('doc', { body: DOCUMENT_XML }, { format: 'xml' });
    start();
    await until(async () => (await f.stored()).messages.length === 5, 'the feed is stored');

    const { messages, positions } = await f.stored();
    expect(positions).toHaveLength(4);
    const cancel = messages.find((m) => m.messageType === 'HELP-CANCEL')!;
    expect(positions.some((p) => p.messageId === cancel.id)).toBe(false);
    expect(cloud.requests[0]!.format).toBe('xml');
    const events = await f.storage.listEvents({ scope: '/', limit: 10 });
    expect(events.items.map((e) => e.type).sort()).toEqual(['sos', 'sos-cancelled']);
  });

  it('takes E-0195 for an empty feed, not a failure', async () => {
    const source = await addFeed('empty', { messages: [] });
    start();
    await until(async () => (await f.source(source.id)).lastSuccessAt != null, 'the feed is read');
    await until(() => cloud.requests.length >= 3, 'three polls');
    expect(await f.source(source.id)).toMatchObject({ failures: 0, lastError: null });
    expect(cloud.refused).toEqual([]);
  });

  it('stops a source whose feed SPOT does not know (E-0160), saying so', async () => {
    const source = await addFeed('gone', {});
    await f.storage.updateSource(source.id, { settings: { feedId: 'missing', baseUrl } });
    start();
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source fails');
    expect((await f.source(source.id)).lastError).toMatch(
      /SPOT feed missing not found \(E-0160 Feed Not Found/,
    );
  });

  it('stops a source whose password is refused', async () => {
    const source = await addFeed('private', { messages: spotMessages('0-1', 3, START), password: 'secret' });
    start();
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source fails');
    expect((await f.source(source.id)).lastError).toMatch(/password was refused/);
  });

  it('sends the feed password and reads a protected feed', async () => {
    await addFeed(
      'private',
      { messages: spotMessages('0-1', 3, START), password: 'secret' },
      { feedPassword: 'secret' },
    );
    start();
    await until(async () => (await f.stored()).messages.length === 3, 'the feed is read');
  });

  it('waits out a 403 block for a long time instead of retrying', async () => {
    await addFeed('alpine', { messages: spotMessages('0-1', 3, START) });
    // Someone else behind the same address calls the feed first: SPOT then refuses our next call and blocks.
    f.clock.holdAt(START + 100_000);
    await fetch(`${baseUrl}${FEED_PATH}/alpine/message.json`);
    f.clock.holdAt(START + 4 * 3_600_000);
    start();
    await until(async () => (await f.stored()).messages.length === 3, 'the feed is read after the block');

    const [refused, ...rest] = cloud.requests.slice(1);
    expect(refused!.status).toBe(403);
    expect(rest[0]!.at - refused!.at).toBeGreaterThanOrEqual(BLOCK_WAIT_MS);
    expect(cloud.refused).toHaveLength(1);
  });

  it('refuses settings without a feed id, as a fatal error that says what to set', async () => {
    const source = await f.storage.createSource({
      groupId: f.groupId,
      vendor: 'spot',
      kind: 'pull',
      name: 'broken',
      settings: { baseUrl },
    });
    start();
    await until(async () => (await f.source(source.id)).status === 'failed', 'the source fails');
    expect((await f.source(source.id)).lastError).toMatch(/feedId is required/);
    expect(cloud.requests).toEqual([]);
  });
});
