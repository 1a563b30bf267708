import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../ingest/connector.ts';
import type { SourceChange } from '../ingest/run-page.ts';
import { connectorRegistry } from '../ingest/registry.ts';
import { FaultProxy, type Fault } from '../ingest/testing/fault-proxy.ts';
import { Fixture, START, until } from '../ingest/testing/fixture.ts';
import { followanalyticsConnector } from './followanalytics/connector/connector.ts';
import { FakeFollowAnalyticsCloud } from './followanalytics/fake-cloud/fake-cloud.ts';
import { FOLLOWANALYTICS_VENDOR } from './followanalytics/wire.ts';
import { createGps365Connector } from './gps365/connector/connector.ts';
import { startFakeGps365 } from './gps365/fake-cloud/fake-cloud.ts';
import { mixConnector } from './mix/connector/connector.ts';
import { MIX_VENDOR } from './mix/connector/to-records.ts';
import { startFakeMixCloud } from './mix/fake-cloud/fake-mix-cloud.ts';
import { sigfoxConnector } from './sigfox/connector/connector.ts';
import { startFakeSigfoxCloud } from './sigfox/fake-cloud/fake-sigfox-cloud.ts';
import { spotConnector } from './spot/connector/connector.ts';
import { FakeSpotCloud } from './spot/fake-cloud/fake-spot-cloud.ts';
import { spotMessages } from './spot/testing/messages.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The runtime's HTTP timeout in these tests, in real time: what a hanging cloud costs. */
const HTTP_TIMEOUT_MS = 500;
/** A Retry-After longer than any connector's first backoff and than SPOT's usual block, so that honouring it shows. */
const RETRY_AFTER_S = 2 * 3_600;

/** What the cloud of one vendor holds, and what of it must end up stored. */
interface RunningCloud {
  url: string;
  settings(baseUrl: string): Record<string, unknown>;
  expected: { positions?: number; messages?: number };
  /** Requests the cloud itself refused for breaking its rate rules. */
  refused(): number;
  stop(): Promise<void>;
}

interface Target {
  vendor: string;
  /** The longest Retry-After the vendor's API allows to honour without losing data; default RETRY_AFTER_S. */
  retryAfterS?: number;
  connector: (now: () => number) => Connector;
  /** Starts the vendor's fake cloud on clock `now`, holding data from before START. */
  start(now: () => number): Promise<RunningCloud>;
}

const targets: Target[] = [
  {
    vendor: 'spot',
    connector: () => spotConnector,
    async start(now) {
      const cloud = new FakeSpotCloud(now);
      const url = await cloud.start();
      const messages = spotMessages('0-1', 60, now() - 10 * MINUTE);
      cloud.setFeed('alpine', { messages });
      return {
        url,
        settings: (baseUrl) => ({ feedId: 'alpine', baseUrl }),
        expected: { positions: messages.length },
        refused: () => cloud.refused.length,
        stop: () => cloud.close(),
      };
    },
  },
  {
    vendor: 'gps365',
    connector: (now) => createGps365Connector({ now }),
    async start(now) {
      const cloud = await startFakeGps365({ trackers: 2, now, history: { rows: 30, stepMs: MINUTE } });
      return {
        url: cloud.url,
        settings: (baseUrl) => ({ baseUrl, apiToken: cloud.token, pollSeconds: 10, backfillDays: 1 }),
        expected: { positions: cloud.rows.length },
        refused: () => 0,
        stop: () => cloud.stop(),
      };
    },
  },
  {
    vendor: MIX_VENDOR,
    // `:since` may be at most an hour old (document 003): a longer wait would lose trips by the vendor's rules.
    retryAfterS: 1_800,
    connector: () => mixConnector,
    async start(now) {
      const cloud = await startFakeMixCloud({ vehicles: 2, now });
      const trips = cloud.makeTrips(6);
      trips.forEach((t, i) => {
        const end = now() - 20 * MINUTE + i * 1000;
        t.StartTimestamp = end - 5 * MINUTE;
        t.StartPosition!.DeviceTimestamp = t.StartTimestamp;
        t.EndTimestamp = t.EndPosition!.DeviceTimestamp = end;
      });
      cloud.add(...trips);
      return {
        url: cloud.url,
        settings: (baseUrl) => ({ baseUrl, token: cloud.token }),
        expected: { messages: trips.length },
        // 413: a `since` older than the cloud's hour, which loses trips.
        refused: () => cloud.requests.filter((r) => r.status === 413).length,
        stop: () => cloud.stop(),
      };
    },
  },
  {
    vendor: FOLLOWANALYTICS_VENDOR,
    connector: () => followanalyticsConnector,
    async start(now) {
      const cloud = new FakeFollowAnalyticsCloud(now);
      const url = await cloud.start();
      const app = cloud.addApp('FAAPPLI_Fr5tg2e', 2);
      app.record(6, now() - 10 * MINUTE);
      return {
        url,
        settings: (baseUrl) => ({
          baseUrl,
          appIdentifier: 'FAAPPLI_Fr5tg2e',
          apiToken: cloud.token,
          settleSeconds: 0,
        }),
        expected: { positions: app.all.length },
        refused: () => 0,
        stop: () => cloud.close(),
      };
    },
  },
  {
    vendor: 'sigfox',
    connector: () => sigfoxConnector,
    async start(now) {
      const cloud = await startFakeSigfoxCloud({
        login: 'api-login',
        password: 'api-password',
        now,
        deviceTypes: [{ id: '4d3091a05ee16b3cc86699ab', name: 'meters' }],
        devices: [
          { id: '002C', type: '4d3091a05ee16b3cc86699ab' },
          { id: '0B59', type: '4d3091a05ee16b3cc86699ab' },
        ],
      });
      for (let i = 12; i > 0; i--) for (const d of ['002C', '0B59']) cloud.addMessage(d, now() - i * MINUTE);
      return {
        url: cloud.url,
        settings: (baseUrl) => ({ baseUrl, login: 'api-login', password: 'api-password' }),
        expected: { messages: cloud.frames().length },
        refused: () => 0,
        stop: () => cloud.stop(),
      };
    },
  },
];

interface FaultCase {
  name: string;
  /** The faults of the next requests, given the Retry-After to send. */
  faults: (retryAfterS: number) => Fault[];
  /** The cloud's clock against the hub's. */
  skewMs?: number;
  /** What the source's lastError says after the first fault; null: no error at all. */
  error: RegExp | null;
}

const twice = (fault: Fault) => () => [fault, fault];

const cases: FaultCase[] = [
  { name: 'answers 500', faults: twice({ kind: 'status', status: 500 }), error: /HTTP 500/ },
  { name: 'hangs', faults: twice({ kind: 'hang' }), error: /no answer within 500 ms/ },
  { name: 'closes mid-body', faults: twice({ kind: 'cut' }), error: /answer broke off/ },
  {
    name: 'sends a malformed body',
    faults: twice({ kind: 'garble' }),
    error: /not JSON|not .*JSON envelope|malformed|unexpected answer|not a page|XML|JSON/i,
  },
  { name: 'answers 429 without Retry-After', faults: twice({ kind: 'status', status: 429 }), error: /429/ },
  {
    name: 'answers 429 with Retry-After',
    faults: (s) => [{ kind: 'status', status: 429, retryAfter: String(s) }],
    error: /429/,
  },
  {
    name: 'answers 403 with Retry-After',
    faults: (s) => [{ kind: 'status', status: 403, retryAfter: String(s) }],
    error: /403/,
  },
  { name: 'answers 403 without Retry-After', faults: () => [{ kind: 'status', status: 403 }], error: /403/ },
  { name: 'runs its clock 2 h ahead', faults: () => [], skewMs: 2 * HOUR, error: null },
  { name: 'runs its clock 2 h behind', faults: () => [], skewMs: -2 * HOUR, error: null },
];

/**
 * Every pull connector against its vendor's fake cloud behind a fault proxy (../ingest/testing/fault-proxy.ts),
 * in the real ingest runtime on virtual time: whatever the cloud does wrong, the source shows a clear error,
 * waits at least as long as the vendor's rules and Retry-After ask, and once the cloud heals everything it
 * holds is stored, once. A fault that stops the source (refused credentials) heals as a user would heal it:
 * by enabling the source again once the credentials work.
 */
describe.each(targets)('$vendor against a faulty cloud', (target) => {
  let f: Fixture;
  let cloud: RunningCloud;
  let proxy: FaultProxy;
  afterEach(async () => {
    await f.close();
    await proxy.close();
    await cloud.stop();
  });

  it.each(cases)(
    '$name: a clear error, no rule broken, nothing lost',
    async (c) => {
      f = await Fixture.open();
      const hubNow = () => f.clock.now();
      const cloudNow = () => f.clock.now() + (c.skewMs ?? 0);
      cloud = await target.start(cloudNow);
      proxy = new FaultProxy(cloud.url, hubNow);
      const baseUrl = await proxy.start();
      const retryAfterS = target.retryAfterS ?? RETRY_AFTER_S;
      proxy.inject(...c.faults(retryAfterS));
      const connector = target.connector(hubNow);
      const source = await f.storage.createSource({
        groupId: f.groupId,
        vendor: target.vendor,
        kind: 'pull',
        name: target.vendor,
        settings: cloud.settings(baseUrl),
      });
      f.clock.holdAt(START + 12 * HOUR);
      const changes: SourceChange[] = [];
      const runtime = f.start({
        connectors: connectorRegistry([connector]),
        httpTimeoutMs: HTTP_TIMEOUT_MS,
        onSourceChange: (change) => changes.push(change),
        // Not read ahead, unlike the fixture's: the connector meets a body that breaks off as it would live.
        fetch: (url, init) => f.clock.track(() => fetch(url, init)),
      });

      if (c.error) {
        await until(() => changes.length > 0, 'the first fault is recorded', 20_000);
        const first = changes[0]!;
        expect(first.kind).toBe('failed');
        if (first.kind !== 'failed') return;
        expect(first.reason).toMatch(c.error);
        expect(first.reason).not.toMatch(/^(TypeError|SyntaxError|Error):/);
        if (first.fatal) {
          // Stopped until someone acts, as for refused credentials: PATCH /sources/:id { enabled: true } does this.
          expect(first.reason).toMatch(/credentials|refused/);
          await until(
            async () => (await f.source(source.id)).status === 'failed',
            'the source stops',
            20_000,
          );
          await f.storage.updateSource(source.id, { status: 'idle', failures: 0, nextRunAt: null });
          runtime.wake();
        }
      }
      const done = async () => {
        const s = await f.source(source.id);
        if (proxy.pending > 0 || s.failures > 0 || s.status === 'failed') return false;
        const stored = await f.stored();
        return (
          (cloud.expected.positions ?? 0) <= stored.positions.length &&
          (cloud.expected.messages ?? 0) <= stored.messages.length
        );
      };
      await until(done, 'everything the cloud holds is stored', 20_000);

      const stored = await f.stored();
      if (cloud.expected.positions !== undefined)
        expect(stored.positions).toHaveLength(cloud.expected.positions);
      if (cloud.expected.messages !== undefined)
        expect(stored.messages).toHaveLength(cloud.expected.messages);
      expect(await f.source(source.id)).toMatchObject({
        failures: 0,
        status: expect.stringMatching(/idle|running/),
      });
      if (!c.error) expect((await f.source(source.id)).lastError).toBeNull();
      expect(cloud.refused()).toBe(0);
      // After a failed request, the next waits at least the source interval and the cloud's Retry-After. (A
      // malformed body fails only where it is read: MiX's first request reads the Date header alone.)
      const requests = proxy.requests;
      requests.slice(1).forEach((next, i) => {
        const failed = requests[i]!;
        if (!failed.fault || failed.fault.kind === 'garble') return;
        expect(next.at - failed.at).toBeGreaterThanOrEqual(connector.rates.sourceIntervalMs);
        if (failed.retryAfter) expect(next.at - failed.at).toBeGreaterThanOrEqual(retryAfterS * 1000);
      });
      expect(f.errors).toEqual([]);
    },
    60_000,
  );
});
