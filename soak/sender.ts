/** One batch request's outcome, as the sender saw it. */
export interface Sent {
  /** When it was answered, ms since the sender started. */
  at: number;
  latencyMs: number;
  records: number;
  ok: boolean;
}

export interface SenderOptions {
  url: string;
  token: string;
  /** Records per second to offer; null: as fast as `concurrency` requests in flight allow. */
  rate: number | null;
  batch: number;
  concurrency: number;
  devices: number;
  signal: AbortSignal;
  onSent(sent: Sent): void;
}

const T0 = Date.UTC(2026, 0, 1);

/**
 * Sends batches of position records to `POST /api/v1/ingest` until `signal` aborts: at `rate` on a fixed
 * schedule (a late answer does not lower the offered load, up to `concurrency` in flight), or flat out.
 * Fix times never repeat, so every record is new to the hub.
 */
export async function runSender(o: SenderOptions): Promise<void> {
  const started = performance.now();
  let sequence = 0;
  const interval = o.rate ? (o.batch / o.rate) * 1000 : 0;
  const lane = async () => {
    while (!o.signal.aborted) {
      const n = sequence++;
      if (interval) {
        const due = started + n * interval - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        if (o.signal.aborted) return;
      }
      const records = Array.from({ length: o.batch }, (_, i) => ({
        vendor: 'soak',
        externalId: `soak-${(n * o.batch + i) % o.devices}`,
        fixTime: new Date(T0 + Math.floor((n * o.batch + i) / o.devices) * 1000).toISOString(),
        lat: 45 + ((n + i) % 1000) / 1e4,
        lon: 7 + ((n * 7 + i) % 1000) / 1e4,
        speed: (i % 30) + 1,
      }));
      const sentAt = performance.now();
      let ok = false;
      try {
        const res = await fetch(`${o.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(records),
        });
        await res.arrayBuffer();
        ok = res.ok;
      } catch {
        ok = false;
      }
      const now = performance.now();
      o.onSent({ at: now - started, latencyMs: now - sentAt, records: o.batch, ok });
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, () => lane()));
}
