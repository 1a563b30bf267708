import type { BatchOrigin, IngestRecord, RecordOutcome, ResolvedRecord } from '../model/ingest.ts';
import type { CommitOrder, CommittedRecord, SourceCursor } from '../storage/storage.ts';

/** One record on its way through the stages; `index` is its place in what the sender sent. */
export interface BatchItem {
  index: number;
  record: IngestRecord;
  resolved?: ResolvedRecord;
  /** Group path of the resolved device: who may see what this record produces. */
  groupPath?: string;
  /** Set by the stage that decides it: a rejection or a duplicate found before storage, or the stored result. */
  outcome?: RecordOutcome;
  committed?: CommittedRecord;
}

export interface PipelineBatch {
  context: BatchOrigin;
  items: BatchItem[];
  /** For a pull source: the cursor after this page, committed with its records. */
  sourceCursor?: SourceCursor | null;
  /** Set by the store stage where the storage tells it: the batch's place in the commit order. */
  commitOrder?: CommitOrder;
}

export interface Stage {
  name: string;
  run(batch: PipelineBatch): Promise<void> | void;
}

/** Items still travelling: not rejected, not already known to be duplicates. */
export function pending(batch: PipelineBatch): BatchItem[] {
  return batch.items.filter((i) => !i.outcome);
}

export function reject(item: BatchItem, code: string, reason: string): void {
  item.outcome = { index: item.index, status: 'rejected', code, reason };
}
