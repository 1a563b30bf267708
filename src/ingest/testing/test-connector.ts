import type { IngestRecord } from '../../model/ingest.ts';
import type { Connector, RateRules } from '../connector.ts';
import { FatalError } from '../errors.ts';
import { statusError } from '../http.ts';
import type { CloudMessage } from './fake-cloud.ts';

export const TEST_VENDOR = 'test-cloud';

/** Source settings of the test connector. */
export interface TestSettings {
  baseUrl: string;
  feed: string;
  token: string;
}

/** A connector for the fake cloud (./fake-cloud.ts), written the way a vendor connector is. */
export function testConnector(rates: RateRules): Connector {
  return {
    vendor: TEST_VENDOR,
    rates,
    async fetchPage({ source, cursor, fetch }) {
      const { baseUrl, feed, token } = source.settings as unknown as TestSettings;
      const url = new URL(`/feeds/${encodeURIComponent(feed)}/messages`, baseUrl);
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      // The cloud says 404 only for a feed it does not know: retrying will not make it appear.
      if (response.status === 404) throw new FatalError(`feed ${feed} not found (HTTP 404)`);
      if (!response.ok) throw statusError(response, `feed ${feed}`);
      const page = (await response.json()) as { messages: CloudMessage[]; next: string; more: boolean };
      return { records: page.messages.map(toRecord), cursor: page.next, more: page.more };
    },
  };
}

function toRecord(m: CloudMessage): IngestRecord {
  return {
    device: { vendor: TEST_VENDOR, externalId: m.device },
    position: { fixTime: m.time, lat: m.lat, lon: m.lon },
    message: { deviceTime: m.time, sourceMessageId: m.id },
  };
}
