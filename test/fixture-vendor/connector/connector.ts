import type { Connector } from '../../../src/ingest/connector.ts';
import { statusError } from '../../../src/ingest/http.ts';
import type { AcmeFix } from '../fake-cloud/fake-cloud.ts';

export const ACME = 'acme';

/** One page of the cloud's fixes after the cursor (the last sequence number committed). */
export const acmeConnector: Connector = {
  vendor: ACME,
  rates: {
    sourceIntervalMs: 60_000,
    vendorSpacingMs: 0,
    backoff: { initialMs: 1000, factor: 2, maxMs: 60_000 },
  },
  async fetchPage({ source, cursor, fetch }) {
    const { baseUrl, token } = source.settings as { baseUrl: string; token: string };
    const res = await fetch(`${baseUrl}/fixes?after=${cursor ?? 0}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw statusError(res, 'acme cloud');
    const { fixes } = (await res.json()) as { fixes: AcmeFix[] };
    return {
      records: fixes.map((f) => ({
        device: { vendor: ACME, externalId: f.unit },
        position: { fixTime: f.time, lat: f.lat, lon: f.lon },
      })),
      cursor: fixes.length ? String(fixes[fixes.length - 1]!.seq) : cursor,
      more: fixes.length > 0,
    };
  },
};
