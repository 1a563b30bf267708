import { pushXml } from '../src/vendors/spot/testing/push-xml.ts';
import { spotMessages } from '../src/vendors/spot/testing/messages.ts';
import { FEED_PATH } from '../src/vendors/spot/connector/settings.ts';
import { startSqliteHub } from './hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const ROUNDS = 5;
/** A week of SPOT tracking every 5 minutes: what a feed holds at most (its 7-day window). */
const WEEK = 7 * 288;

/**
 * What a SPOT client polling Trackway pays: the newest page of a feed through SPOT's feed API (`message.json`,
 * 50 messages with the feed's count and SPOT's shape) against the same 50 positions from the native API, both
 * over HTTP from the real hub, on a week of one messenger's messages received by SPOT push.
 */
async function feedComparison(rows: number, clients: number, dir: string): Promise<Comparison> {
  const hub = await startSqliteHub(dir);
  const auth = { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' };
  const api = hub.post;
  try {
    const source = await api('/api/v1/sources', { vendor: 'spot', kind: 'push', name: 'bench' });
    const { secret } = await api(`/api/v1/sources/${source.id}/secrets`, { name: 'bench' });
    const messages = spotMessages('0-1', WEEK, Date.now() - 60_000).reverse();
    for (let i = 0; i < messages.length; i += 200) {
      const res = await fetch(`${hub.url}/ingest/spot/${source.id}?secret=${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: pushXml(messages.slice(i, i + 200)),
      });
      if (res.status !== 200) throw new Error(`push: HTTP ${res.status} ${await res.text()}`);
    }
    const devices = (await (await fetch(`${hub.url}/api/v1/devices`, { headers: auth })).json()) as {
      items: { id: number }[];
    };
    const deviceId = devices.items[0]!.id;
    const feed = await api('/api/v1/spot/feeds', { name: 'bench', deviceIds: [deviceId] });
    const facadeUrl = `${hub.url}/compat/spot${FEED_PATH}/${feed.feedId}/message.json`;
    const nativeUrl = `${hub.url}/api/v1/devices/${deviceId}/positions?order=desc&limit=50`;
    const count = Math.max(500, Math.min(10_000, Math.round(rows / 20)));
    const get = async (url: string, n: number, label: string, headers = {}): Promise<Timing> => {
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < n) {
            next++;
            const res = await fetch(url, { headers });
            const text = await res.text();
            if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${text.slice(0, 200)}`);
          }
        }),
      );
      return { label, rows: n, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    };
    // Both sides must answer the same 50 messages, or the comparison would flatter one of them.
    const page = (await (await fetch(facadeUrl)).json()) as {
      response: { feedMessageResponse: { messages: { message: unknown[] } } };
    };
    const native = (await (await fetch(nativeUrl, { headers: auth })).json()) as { items: unknown[] };
    if (page.response.feedMessageResponse.messages.message.length !== 50 || native.items.length !== 50) {
      throw new Error('the feed page and the native page do not both hold 50 messages');
    }
    await get(facadeUrl, 200, 'warm-up');
    await get(nativeUrl, 200, 'warm-up', auth);
    const facade: Timing[] = [];
    const baseline: Timing[] = [];
    const per = Math.ceil(count / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      facade.push(await get(facadeUrl, per, 'SPOT feed API, message.json (responses)'));
      baseline.push(await get(nativeUrl, per, 'native API, 50 positions (responses)', auth));
    }
    const sum = (ts: Timing[]): Timing => ({
      label: ts[0]!.label,
      rows: ts.reduce((a, t) => a + t.rows, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    return {
      name: 'spot: newest feed page through the SPOT feed API vs the native API, same 50 messages',
      trackway: sum(facade),
      baseline: sum(baseline),
      rounds: facade.map((t, i) => t.rows / t.seconds / (baseline[i]!.rows / baseline[i]!.seconds)),
      notes: [
        `${WEEK} messages of one messenger received by SPOT push; ${clients} concurrent clients in this process`,
        'the feed page also counts the 7-day window (totalCount) and checks the feed, as SPOT answers',
      ],
    };
  } finally {
    await hub.stop();
  }
}

/** SPOT: serving a feed to SPOT clients, against the native API for the same data. */
export const spotScenario: Scenario = {
  name: 'spot',
  async run({ rows, clients, dir }) {
    return [await feedComparison(rows, clients, dir)];
  },
};
