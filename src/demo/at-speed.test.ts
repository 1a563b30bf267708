import { describe, expect, it } from 'vitest';
import { SPOT_LIMITS } from '../vendors/spot/fake-cloud/fake-spot-cloud.ts';
import { vendors } from '../vendors/index.ts';
import { atSpeed } from './at-speed.ts';

describe('connectors at the demo speed', () => {
  it('leaves the vendors as they are at speed 1', () => {
    expect(atSpeed(vendors, 1)).toEqual([...vendors]);
  });

  it('keeps every connector a little slower than its sandbox run as much faster', () => {
    const fast = atSpeed(vendors, 50);
    for (const [i, vendor] of vendors.entries()) {
      if (!vendor.connector) continue;
      const { rates } = fast[i]!.connector!;
      expect(rates.sourceIntervalMs).toBeGreaterThan(vendor.connector.rates.sourceIntervalMs / 50);
      expect(rates.sourceIntervalMs).toBeLessThan(vendor.connector.rates.sourceIntervalMs);
      expect(rates.vendorSpacingMs).toBeGreaterThan(vendor.connector.rates.vendorSpacingMs / 50);
    }
    const spot = fast.find((v) => v.name === 'spot')!.connector!.rates;
    expect(spot.sourceIntervalMs).toBeGreaterThan(SPOT_LIMITS.feedMs / 50);
    expect(spot.vendorSpacingMs).toBeGreaterThan(SPOT_LIMITS.spacingMs / 50);
  });

  it('fetches pages with the connector itself', async () => {
    const spot = vendors.find((v) => v.name === 'spot')!;
    const fast = atSpeed([spot], 50)[0]!.connector!;
    const request = { source: { settings: {} }, cursor: null, fetch: async () => new Response('') };
    // The SPOT connector's own settings check answers: the call reached it.
    await expect(fast.fetchPage(request as never)).rejects.toThrow(/feedId is required/);
  });
});
