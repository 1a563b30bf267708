import type { Group } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';

const DAY_MS = 86_400_000;
/** Rows per delete: small enough that a batch holds up ingest for milliseconds, not seconds. */
const BATCH = 2_000;
/** Per group and run; what is left goes in the next run. */
const MAX_BATCHES = 5_000;

/** Each group's retention in days: its own, else its nearest ancestor's; null keeps history for ever. */
export function effectiveRetention(groups: Group[]): Map<number, number | null> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const resolved = new Map<number, number | null>();
  const resolve = (g: Group): number | null => {
    if (resolved.has(g.id)) return resolved.get(g.id)!;
    const parent = g.parentId == null ? undefined : byId.get(g.parentId);
    const days = g.retentionDays ?? (parent ? resolve(parent) : null);
    resolved.set(g.id, days);
    return days;
  };
  for (const g of groups) resolve(g);
  return resolved;
}

export interface RetentionRun {
  positions: number;
  messages: number;
  /** Partitions created ahead. */
  partitions: string[];
  /** Whole partitions dropped because every group's retention had passed them. */
  dropped: string[];
}

/**
 * One retention pass: partitions prepared for the months ahead, then each group's expired positions and messages
 * deleted batch by batch, yielding between batches so that this process keeps serving. `signal` stops it between
 * batches; what remains is done by the next pass.
 */
export async function runRetention(
  storage: Storage,
  now: number,
  signal: AbortSignal,
): Promise<RetentionRun> {
  const run: RetentionRun = {
    positions: 0,
    messages: 0,
    partitions: await storage.maintainPartitions(now),
    dropped: [],
  };
  const retention = effectiveRetention(await storage.listGroups('/'));
  const days = [...retention.values()];
  // Whole months go at once when every group has let them go; the rest is trimmed row by row below.
  if (days.length && days.every((d) => d != null)) {
    run.dropped = await storage.dropPartitionsBefore(now - Math.max(...(days as number[])) * DAY_MS);
  }
  for (const [groupId, days] of retention) {
    if (days == null) continue;
    const before = now - days * DAY_MS;
    for (let i = 0; i < MAX_BATCHES && !signal.aborted; i++) {
      const done = await storage.purgeBefore(groupId, before, BATCH);
      run.positions += done.positions;
      run.messages += done.messages;
      if (done.positions < BATCH && done.messages < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return run;
}

export interface RetentionScheduleOptions {
  /** Between passes; default an hour. */
  intervalMs?: number;
  onRun?: (run: RetentionRun) => void;
  onError?: (err: unknown) => void;
}

/**
 * Runs retention at start-up and then every interval. Processes sharing a database claim each pass through a
 * rate slot (the same atomic claim that spaces vendor requests), so one of them does it and the others skip.
 */
export class RetentionSchedule {
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly options: RetentionScheduleOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 3_600_000;
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    this.running = this.running.then(async () => {
      if (this.abort.signal.aborted) return;
      try {
        const now = Date.now();
        // A little under the interval, so that timer drift never makes every other pass skip.
        if ((await this.storage.claimRateSlot('job:retention', this.intervalMs * 0.9, now)) > 0) return;
        this.options.onRun?.(await runRetention(this.storage, now, this.abort.signal));
      } catch (err) {
        this.options.onError?.(err);
      }
    });
  }
}
