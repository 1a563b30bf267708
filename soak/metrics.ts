/** The hub's own figures a soak samples, read from its `/metrics` (Prometheus text). */
export interface HubMetrics {
  rssBytes: number;
  /** Event-loop delay since the previous scrape: prom-client resets its histogram on each one. */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

export async function scrapeMetrics(url: string): Promise<HubMetrics> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
  const text = await res.text();
  const value = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`/metrics has no ${name}`);
    return Number(m[1]);
  };
  return {
    rssBytes: value('process_resident_memory_bytes'),
    eventLoopP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000,
    eventLoopMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000,
  };
}
