/**
 * Where the hub's time goes, from its own `/metrics`: seconds summed over batches in the ingest handler and in
 * each pipeline stage. Read before and after the timed run, the difference belongs to the timed batches only.
 */
export type ServerTimes = Map<string, number>;

const HANDLER = 'handler';
const SUM_LINE = /^trackway_(pipeline_stage|ingest_batch)_seconds_sum(?:\{stage="([^"]+)"\})? (\S+)$/;

export async function readServerTimes(url: string): Promise<ServerTimes> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const times: ServerTimes = new Map();
  for (const line of (await res.text()).split('\n')) {
    const m = SUM_LINE.exec(line);
    if (m) times.set(m[1] === 'ingest_batch' ? HANDLER : m[2]!, Number(m[3]));
  }
  return times;
}

/**
 * Milliseconds per batch: the handler's total, its parse and record check (what the stages do not cover), then
 * each stage in pipeline order.
 */
export function perBatch(before: ServerTimes, after: ServerTimes, batches: number): [string, number][] {
  const ms = (key: string) => (((after.get(key) ?? 0) - (before.get(key) ?? 0)) * 1000) / batches;
  const stages = [...after.keys()].filter((k) => k !== HANDLER);
  const stageTotal = stages.reduce((sum, s) => sum + ms(s), 0);
  return [
    ['ingest handler', ms(HANDLER)],
    ['  parse + record check', ms(HANDLER) - stageTotal],
    ...stages.map((s): [string, number] => [`  ${s}`, ms(s)]),
  ];
}

export interface ProcessFigures {
  cpuSeconds: number;
  rssBytes: number;
}

const PROCESS_LINE = /^process_(cpu_seconds_total|resident_memory_bytes) (\S+)$/m;

/** The hub process's CPU time and resident memory, from the standard `process_*` metrics. */
export async function readProcessFigures(url: string): Promise<ProcessFigures> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const figures: ProcessFigures = { cpuSeconds: NaN, rssBytes: NaN };
  for (const line of (await res.text()).split('\n')) {
    const m = PROCESS_LINE.exec(line);
    if (m?.[1] === 'cpu_seconds_total') figures.cpuSeconds = Number(m[2]);
    if (m?.[1] === 'resident_memory_bytes') figures.rssBytes = Number(m[2]);
  }
  return figures;
}
