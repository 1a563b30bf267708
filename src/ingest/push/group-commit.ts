import type { IngestContext, IngestRecord, RecordOutcome } from '../../model/ingest.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';

interface Waiting {
  records: IngestRecord[];
  resolve: (outcomes: RecordOutcome[]) => void;
  reject: (err: unknown) => void;
}

interface Lane {
  context: IngestContext;
  running: boolean;
  waiting: Waiting[];
}

/**
 * Group commit for push receivers: phones send one position per request, and one transaction per request is
 * bound by the disk's flush. While a source's batch commits, the requests that arrive meanwhile wait and then
 * go in one batch together; each request still resolves only after its own records are committed, with its own
 * outcomes. An idle source commits on the next turn of the event loop, so a lone request hardly waits.
 */
export class GroupCommit {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly pipeline: Pipeline) {}

  submit(records: IngestRecord[], context: IngestContext): Promise<RecordOutcome[]> {
    const key = `${context.sourceId}|${context.groupId}|${context.unknownDevices}|${context.scopePath}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { context, running: false, waiting: [] }));
    const done = new Promise<RecordOutcome[]>((resolve, reject) =>
      lane.waiting.push({ records, resolve, reject }),
    );
    if (!lane.running) {
      lane.running = true;
      // SQLite commits block the event loop; waiting one turn lets the requests already read join this batch.
      setImmediate(() => void this.drain(key, lane));
    }
    return done;
  }

  private async drain(key: string, lane: Lane) {
    while (lane.waiting.length) {
      const batch = lane.waiting.splice(0);
      try {
        const summary = await this.pipeline.ingest(
          batch.flatMap((w) => w.records),
          { ...lane.context, receivedTime: Date.now() },
        );
        let offset = 0;
        for (const w of batch) {
          const from = offset;
          offset += w.records.length;
          w.resolve(
            summary.results
              .filter((r) => r.index >= from && r.index < offset)
              .map((r) => ({ ...r, index: r.index - from })),
          );
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    lane.running = false;
    this.lanes.delete(key);
  }
}

const byPipeline = new WeakMap<Pipeline, GroupCommit>();

/** The one group committer of a pipeline. */
export function groupCommitOf(pipeline: Pipeline): GroupCommit {
  let g = byPipeline.get(pipeline);
  if (!g) byPipeline.set(pipeline, (g = new GroupCommit(pipeline)));
  return g;
}
