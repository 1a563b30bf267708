import type { IngestRecord } from '../model/ingest.ts';
import type { PipelineBatch } from '../pipeline/batch.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { CommitFollower } from '../pipeline/commit-follower.ts';
import type { SyncRecord } from '../storage/storage.ts';
import type { EmitEvents } from './deriver.ts';
import type { SilenceWatcher } from './silence.ts';

/**
 * Derived events go through the pipeline like any record: committed with the sync cursor, then on the live
 * stream and to webhooks. An events-only batch brings no positions, so it does not derive again.
 */
export function pipelineEmitter(pipeline: Pipeline): EmitEvents {
  return async (derived) => {
    const records: IngestRecord[] = derived.map((d) => ({
      device: { deviceId: d.deviceId },
      events: d.events,
    }));
    const summary = await pipeline.ingest(records, { origin: 'derivation', receivedTime: Date.now() });
    const rejected = summary.results.find((r) => r.status === 'rejected');
    if (rejected?.status === 'rejected') {
      throw new Error(`derived events were refused: ${rejected.reason}`);
    }
  };
}

/**
 * Hands derivation the positions of each commit as it is made (Pipeline.onStored), so that it takes them from
 * memory rather than reading them back from the database (11 % of the hub's time under batch ingest).
 */
function offerToDerivation(derivation: CommitFollower) {
  return (batch: PipelineBatch): void => {
    if (!batch.commitOrder) return;
    const positions: SyncRecord[] = [];
    for (const item of batch.items) {
      const c = item.committed;
      if (c && c.status !== 'duplicate' && c.position)
        positions.push({ kind: 'position', record: c.position });
    }
    derivation.offer(batch.commitOrder, positions);
  };
}

/**
 * The pipeline hook: wakes derivation for a batch that stored positions, without waiting for it, so that ingest
 * answers as soon as its data is committed, whatever derivation costs. Reads of derived data catch derivation
 * up first (HubContext.derivedUpToDate), so a report asked after a push still includes it. Derivation follows what
 * was committed (see follow.ts), so a batch whose hook never ran, after a crash, is derived all the same.
 */
function deriveHook(derivation: CommitFollower, silence: SilenceWatcher | null) {
  return async (batch: PipelineBatch): Promise<void> => {
    let positions = false;
    const heard = new Set<number>();
    for (const item of batch.items) {
      const c = item.committed;
      if (!c || c.status === 'duplicate') continue;
      // A merged position is derived again (it follows the commit order), with the fields it gained.
      if (c.position || (c.status === 'accepted' && c.message)) heard.add(c.deviceId);
      if (c.position) positions = true;
    }
    if (positions) derivation.wake();
    if (silence) await silence.heard([...heard], batch.context.receivedTime);
  };
}

/**
 * Derivation as the hub attaches it to a pipeline: each commit is offered as it is made, and the returned hook
 * (one of the after-commit list) wakes derivation and tells the silence watcher who was heard.
 */
export function attachDerivation(
  pipeline: Pipeline,
  derivation: CommitFollower,
  silence: SilenceWatcher | null,
): (batch: PipelineBatch) => Promise<void> {
  pipeline.onStored(offerToDerivation(derivation));
  return deriveHook(derivation, silence);
}
