import type { Stage } from './batch.ts';

/**
 * Canonical forms: whole milliseconds, course within [0, 360), trimmed names; then the batch ordered so that one
 * device's records pass in fix-time order (DESIGN.md §4). Outcomes keep the sender's indexes.
 */
export const normalize: Stage = {
  name: 'normalize',
  run(batch) {
    for (const { record } of batch.items) {
      const p = record.position;
      if (p) {
        p.fixTime = Math.round(p.fixTime);
        if (p.course != null && Number.isFinite(p.course)) p.course = ((p.course % 360) + 360) % 360;
      }
      if (record.message) record.message.deviceTime = Math.round(record.message.deviceTime);
      for (const e of record.events ?? []) e.time = Math.round(e.time);
      if ('name' in record.device && record.device.name) record.device.name = record.device.name.trim();
    }
    batch.items.sort((a, b) => {
      const ka = deviceKey(a.record.device);
      const kb = deviceKey(b.record.device);
      if (ka !== kb) return ka < kb ? -1 : 1;
      return recordTime(a.record) - recordTime(b.record) || a.index - b.index;
    });
  },
};

function deviceKey(ref: import('../model/ingest.ts').DeviceRef): string {
  return 'deviceId' in ref ? `#${ref.deviceId}` : `${ref.vendor}\u0000${ref.externalId}`;
}

function recordTime(r: import('../model/ingest.ts').IngestRecord): number {
  return r.position?.fixTime ?? r.message?.deviceTime ?? r.events?.[0]?.time ?? 0;
}
