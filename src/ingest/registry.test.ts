import { describe, expect, it } from 'vitest';
import { connectorRegistry } from './registry.ts';
import { RATES } from './testing/fixture.ts';
import { testConnector, TEST_VENDOR } from './testing/test-connector.ts';

describe('connectorRegistry', () => {
  it('finds a connector by its vendor name', () => {
    const connector = testConnector(RATES);
    expect(connectorRegistry([connector]).get(TEST_VENDOR)).toBe(connector);
  });

  it('refuses two connectors for one vendor', () => {
    expect(() => connectorRegistry([testConnector(RATES), testConnector(RATES)])).toThrow(
      `two connectors for vendor ${TEST_VENDOR}`,
    );
  });
});
