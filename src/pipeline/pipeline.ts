import type { BatchOrigin, IngestRecord, IngestSummary, RecordOutcome } from '../model/ingest.ts';
import type { Storage } from '../storage/storage.ts';
import type { BatchItem, PipelineBatch, Stage } from './batch.ts';
import { stages } from './stages.ts';

/** Runs after a batch is committed, with the committed items (live stream, metrics; later derive and notify). */
export type CommitHook = (batch: PipelineBatch) => void | Promise<void>;

export interface StageTiming {
  stage: string;
  seconds: number;
}

export class Pipeline {
  private readonly hooks: CommitHook[] = [];
  private readonly stages: Stage[];
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  onTiming: ((t: StageTiming) => void) | null = null;
  onHookError: ((err: unknown) => void) | null = null;

  private readonly storedListeners: ((batch: PipelineBatch) => void)[] = [];

  constructor(storage: Storage, stageList?: Stage[]) {
    this.stages = stageList ?? stages(storage, (batch) => this.storedListeners.forEach((l) => l(batch)));
  }

  onCommit(hook: CommitHook): void {
    this.hooks.push(hook);
  }

  /**
   * Hears of each commit as soon as it is made, synchronously and in commit order, before the hooks. For what
   * must not miss the order of commits (see CommitFollower.offer); it must neither wait nor throw.
   */
  onStored(listener: (batch: PipelineBatch) => void): void {
    this.storedListeners.push(listener);
  }

  /** Batches being processed now; shutdown waits until this is zero. */
  get pendingBatches(): number {
    return this.inFlight;
  }

  /**
   * Runs records through every stage. Resolves after the commit, so a caller acknowledging on resolution never
   * acknowledges what is not on disk. A hook's failure goes to `onHookError` and never undoes the commit.
   */
  async ingest(
    records: IngestRecord[],
    context: BatchOrigin,
    sourceCursor?: PipelineBatch['sourceCursor'],
  ): Promise<IngestSummary> {
    const batch: PipelineBatch = {
      context,
      items: records.map((record, index): BatchItem => ({ index, record })),
      sourceCursor,
    };
    this.inFlight++;
    try {
      for (const stage of this.stages) {
        const started = process.hrtime.bigint();
        await stage.run(batch);
        this.onTiming?.({ stage: stage.name, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
      }
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
    for (const hook of this.hooks) {
      try {
        await hook(batch);
      } catch (err) {
        this.onHookError?.(err);
      }
    }
    return summarize(batch);
  }

  /** Resolves when no batch is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

function summarize(batch: PipelineBatch): IngestSummary {
  const results: RecordOutcome[] = batch.items
    .map((i) => i.outcome!)
    .filter(Boolean)
    .sort((a, b) => a.index - b.index);
  const count = (s: RecordOutcome['status']) => results.filter((r) => r.status === s).length;
  return {
    accepted: count('accepted'),
    merged: count('merged'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    results,
  };
}
