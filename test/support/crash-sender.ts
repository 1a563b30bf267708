/**
 * A sender of its own process for the crash test: it keeps sending to a hub that is killed and restarted under
 * it, and prints `ack <device> <index> <count>` once the hub has acknowledged records `index…index+count-1` of
 * `device` (fix time T0 + index seconds). A request that fails (refused, reset, 5xx) is sent again, the same,
 * until acknowledged, as a real client retries. SIGTERM ends it after the request in flight.
 * Usage: node --import tsx test/support/crash-sender.ts batch|osmand <hub url> <token or secret> <device> <t0 ms>
 */
const [mode, url, secret, device, t0Text] = process.argv.slice(2) as [string, string, string, string, string];
const T0 = Number(t0Text);
const BATCH = 100;
const RETRY_MS = 50;
const REQUEST_TIMEOUT_MS = 10_000;

let stopping = false;
process.on('SIGTERM', () => (stopping = true));

const fixTime = (i: number) => new Date(T0 + i * 1000).toISOString();

function request(index: number): { url: string; init: RequestInit; count: number } {
  if (mode === 'batch') {
    const records = Array.from({ length: BATCH }, (_, k) => ({
      vendor: 'crash',
      externalId: device,
      fixTime: fixTime(index + k),
      lat: 60 + (index + k) / 1e6,
      lon: 25,
    }));
    return {
      url: `${url}/api/v1/ingest`,
      init: {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(records),
      },
      count: BATCH,
    };
  }
  const query = new URLSearchParams({
    id: device,
    lat: String(45 + index / 1e6),
    lon: '7',
    timestamp: String((T0 + index * 1000) / 1000),
  });
  return {
    url: `${url}/ingest/osmand?${query}`,
    init: { method: 'POST', headers: { authorization: `Basic ${btoa(`${device}:${secret}`)}` } },
    count: 1,
  };
}

let index = 0;
while (!stopping) {
  const { url: target, init, count } = request(index);
  let acknowledged = false;
  try {
    const res = await fetch(target, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    acknowledged = res.status === 200;
    if (!acknowledged && res.status < 500) {
      console.error(`${mode} ${device}: unexpected HTTP ${res.status}`);
      process.exit(2);
    }
  } catch {
    // The hub is down or went down mid-request: not acknowledged, so send the same again.
  }
  if (acknowledged) {
    console.log(`ack ${device} ${index} ${count}`);
    index += count;
  } else {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
