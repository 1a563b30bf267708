import type { IngestRecord } from '../model/ingest.ts';
import type { StoredPosition } from '../model/records.ts';
import type { PipelineBatch } from '../pipeline/batch.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Deriver, EmitEvents } from './deriver.ts';
import type { SilenceWatcher } from './silence.ts';

/**
 * Derived events go through the pipeline like any record: committed with the sync cursor, then on the live
 * stream and to webhooks. An events-only batch brings no positions, so it does not derive again.
 */
export function pipelineEmitter(pipeline: Pipeline): EmitEvents {
  return async (deviceId, events) => {
    const record: IngestRecord = { device: { deviceId }, events };
    const summary = await pipeline.ingest([record], {
      groupId: 0,
      scopePath: '/',
      sourceId: null,
      unknownDevices: 'reject',
      receivedTime: Date.now(),
    });
    const rejected = summary.results.find((r) => r.status === 'rejected');
    if (rejected?.status === 'rejected') {
      throw new Error(`derived events of device ${deviceId} were refused: ${rejected.reason}`);
    }
  };
}

/**
 * The pipeline hook: derives each device's newly stored positions. One device's batches are derived one after
 * another (its state is read and written per batch); different devices run side by side.
 */
export function deriveHook(deriver: Deriver, silence: SilenceWatcher | null) {
  const queues = new Map<number, Promise<void>>();
  const serial = (deviceId: number, work: () => Promise<void>) => {
    const next = (queues.get(deviceId) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => {});
    queues.set(deviceId, settled);
    void settled.then(() => {
      if (queues.get(deviceId) === settled) queues.delete(deviceId);
    });
    return next;
  };

  return async (batch: PipelineBatch): Promise<void> => {
    const byDevice = new Map<number, StoredPosition[]>();
    const heard = new Set<number>();
    for (const item of batch.items) {
      const c = item.committed;
      if (c?.status !== 'accepted') continue;
      if (c.position || c.message) heard.add(c.deviceId);
      if (!c.position) continue;
      const list = byDevice.get(c.deviceId) ?? [];
      list.push(c.position);
      byDevice.set(c.deviceId, list);
    }
    const work = [...byDevice].map(([deviceId, positions]) =>
      serial(deviceId, () =>
        deriver.derive(
          deviceId,
          positions.sort((a, b) => a.fixTime - b.fixTime || a.id - b.id),
        ),
      ),
    );
    if (silence) work.push(silence.heard([...heard], batch.context.receivedTime));
    const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
}
