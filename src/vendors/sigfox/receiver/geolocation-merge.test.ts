import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { externalKey } from '../../../storage/storage.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../index.ts';
import { sigfoxSource, startTestHub } from '../testing/hub.ts';
import { readSample, samplesMissing, type CallbackSample } from '../testing/samples.ts';

let t: Awaited<ReturnType<typeof startTestHub>>;
let src: Awaited<ReturnType<typeof sigfoxSource>>;

beforeEach(async () => {
  t = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
  src = await sigfoxSource(t.storage);
});
afterEach(() => t.stop());

const post = async (body: object) =>
  (
    await fetch(`${t.url}/ingest/sigfox/${src.source.id}?secret=${src.secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).status;

async function stored(externalId: string) {
  const ref = { vendor: 'sigfox', externalId };
  const deviceId = (await t.storage.resolveDevices([ref], null)).get(externalKey(ref))!.deviceId;
  const messages = (await t.storage.listMessages({ deviceId, limit: 100, order: 'asc' })).items;
  const positions = (await t.storage.listPositions({ deviceId, limit: 100 })).items;
  return { messages, positions };
}

/**
 * The real data callback of device 33827B, and the real geolocation body of the same samples (device 49F941)
 * sent as the network sends a DATA_ADVANCED callback for that frame: its device, time and seqNumber beside the
 * computed location.
 */
function pair() {
  const bodies = readSample<{ items: CallbackSample[] }>('traccar__sigfox-callback-bodies.json').items;
  const data = JSON.parse(bodies[4]!.body) as Record<string, string>;
  const { location } = JSON.parse(bodies[5]!.body) as { location: Record<string, number> };
  const geolocation = { device: data.device, time: data.time, seqNumber: data.seqNumber, location };
  return { data, geolocation, location };
}

describe.skipIf(samplesMissing)('a geolocation and a data callback of one frame, real bodies', () => {
  for (const order of ['data first', 'geolocation first'] as const) {
    it(`end as one message with one position, ${order}`, async () => {
      const { data, geolocation, location } = pair();
      const bodies = order === 'data first' ? [data, geolocation] : [geolocation, data];
      for (const body of bodies) expect(await post(body)).toBe(204);
      const { messages, positions } = await stored('33827B');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ payload: data.data, radio: { seqNumber: 3662 } });
      expect(positions).toHaveLength(1);
      expect(positions[0]).toMatchObject({
        messageId: messages[0]!.id,
        fixTime: 1574346702_000,
        lat: location.lat,
        lon: location.lng,
        accuracy: location.radius,
      });
      // The later of the two names the earlier: the message its adopted position, the position its message.
      expect(messages[0]!.positionId).toBe(order === 'geolocation first' ? positions[0]!.id : null);
    });
  }

  it('stays one message and one position through repeats and a duplicate reception', async () => {
    const { data, geolocation } = pair();
    const otherStation = { ...data, duplicate: 'true', station: '2A01' };
    for (const body of [geolocation, geolocation, otherStation, data, data, geolocation, otherStation]) {
      expect(await post(body)).toBe(204);
    }
    const { messages, positions } = await stored('33827B');
    const [message, ...rest] = messages.filter((m) => !m.duplicate);
    expect(rest).toEqual([]);
    expect(messages.filter((m) => m.duplicate)).toHaveLength(1);
    expect(positions).toHaveLength(1);
    expect(positions[0]!.messageId).toBe(message!.id);
    expect(message!.positionId).toBe(positions[0]!.id);
  });

  it('leaves a geolocation of another frame alone', async () => {
    const { data, geolocation } = pair();
    expect(await post({ ...geolocation, seqNumber: '3661' })).toBe(204);
    expect(await post(data)).toBe(204);
    const { messages, positions } = await stored('33827B');
    expect(messages[0]!.positionId).toBeNull();
    expect(positions.map((p) => p.messageId)).toEqual([null]);
  });
});
