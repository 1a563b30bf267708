import type { PipelineBatch } from '../../pipeline/batch.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Device } from '../../model/records.ts';
import type { Storage } from '../../storage/storage.ts';
import { gapOf } from './connector/cursor.ts';
import { readSettings } from './connector/settings.ts';
import { MIX_VENDOR } from './connector/to-records.ts';

/**
 * After a MiX page whose cursor records a window it could not fetch: a `data-gap` event on each of the source's
 * vehicles (its devices with a MiX identity, in its group, and in its vehicle filter if it has one), keyed by
 * source so that it is raised once per vehicle and gap.
 */
export function dataGapEvents(storage: Storage, pipeline: Pipeline) {
  return async (batch: PipelineBatch): Promise<void> => {
    const gap = batch.sourceCursor ? gapOf(batch.sourceCursor.cursor) : null;
    if (!gap) return;
    const source = await storage.getSource(batch.sourceCursor!.sourceId);
    const group = source && (await storage.getGroup(source.groupId));
    if (!source || source.vendor !== MIX_VENDOR || !group) return;
    const filter = new Set(readSettings(source.settings).vehicleIds);
    const isVehicle = (d: Device) =>
      d.externalIds.some((e) => e.vendor === MIX_VENDOR && (!filter.size || filter.has(e.externalId)));
    const vehicles: Device[] = [];
    let cursor: string | null = null;
    do {
      const page = await storage.listDevices({ scope: group.path, groupId: group.id, limit: 500, cursor });
      vehicles.push(...page.items.filter(isVehicle));
      cursor = page.next;
    } while (cursor);
    if (!vehicles.length) return;
    const attributes = {
      sourceId: source.id,
      from: new Date(gap.from).toISOString(),
      to: new Date(gap.to).toISOString(),
      reason: 'MiX serves trips from at most one hour before its time; this window was older when asked',
    };
    await pipeline.ingest(
      vehicles.map((d) => ({
        device: { deviceId: d.id },
        events: [{ type: 'data-gap', time: gap.from, key: `source:${source.id}`, attributes }],
      })),
      {
        groupId: group.id,
        scopePath: group.path,
        sourceId: null,
        unknownDevices: 'reject',
        receivedTime: Date.now(),
      },
    );
  };
}
