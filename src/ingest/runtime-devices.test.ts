import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { connectorRegistry } from './registry.ts';
import { TEST_VENDOR } from './testing/test-connector.ts';
import { Fixture, RATES, START, until } from './testing/fixture.ts';

describe('ingest runtime: what a page says besides its records', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await Fixture.open();
  });
  afterEach(async () => {
    await f.close();
  });

  it('stores the devices a page describes and waits as long as the page asks', async () => {
    const pages: (string | null)[] = [];
    const connector: Connector = {
      vendor: TEST_VENDOR,
      rates: RATES,
      async fetchPage({ cursor }) {
        pages.push(cursor);
        return {
          records: [],
          cursor: String(pages.length),
          more: false,
          nextPageInMs: 10 * RATES.sourceIntervalMs,
          devices: [
            { vendor: 'acme', externalId: 'A1', name: 'Truck', attributes: { acme: { phone: '+1' } } },
          ],
        };
      },
    };
    const source = await f.addSource('any');
    f.start({ connectors: connectorRegistry([connector]) });
    // One reading of the source, so that a run starting meanwhile cannot mix into the check.
    let idle = await f.source(source.id);
    await until(async () => {
      idle = await f.source(source.id);
      return idle.cursor != null && idle.status === 'idle';
    }, 'a page is committed and recorded');
    const [device] = (await f.storage.listDevices({ scope: '/', limit: 10 })).items;
    expect(device).toMatchObject({ name: 'Truck', attributes: { acme: { phone: '+1' } } });
    expect(device!.externalIds).toEqual([{ vendor: 'acme', externalId: 'A1' }]);
    expect(idle.nextRunAt).toBe(idle.lastRequestAt! + 10 * RATES.sourceIntervalMs);
    expect(idle.lastRequestAt).toBeGreaterThanOrEqual(START);
  });
});
