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
  return async (derived) => {
    const records: IngestRecord[] = derived.map((d) => ({
      device: { deviceId: d.deviceId },
      events: d.events,
    }));
    const summary = await pipeline.ingest(records, {
      groupId: 0,
      scopePath: '/',
      sourceId: null,
      unknownDevices: 'reject',
      receivedTime: Date.now(),
    });
    const rejected = summary.results.find((r) => r.status === 'rejected');
    if (rejected?.status === 'rejected') {
      throw new Error(`derived events were refused: ${rejected.reason}`);
    }
  };
}

/**
 * The pipeline hook: derives each batch's newly stored positions. Batches sharing a device are derived one after
 * another (a device's state is read and written per batch); batches of other devices run side by side.
 */
export function deriveHook(deriver: Deriver, silence: SilenceWatcher | null) {
  const queues = new Map<number, Promise<void>>();
  const serial = (deviceIds: number[], work: () => Promise<void>) => {
    const before = Promise.all(deviceIds.map((id) => queues.get(id)));
    const next = before.then(work);
    const settled = next.catch(() => {});
    for (const id of deviceIds) queues.set(id, settled);
    void settled.then(() => {
      for (const id of deviceIds) if (queues.get(id) === settled) queues.delete(id);
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
    for (const positions of byDevice.values()) positions.sort((a, b) => a.fixTime - b.fixTime || a.id - b.id);
    const work = byDevice.size ? [serial([...byDevice.keys()], () => deriver.derive(byDevice))] : [];
    if (silence) work.push(silence.heard([...heard], batch.context.receivedTime));
    const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
}
