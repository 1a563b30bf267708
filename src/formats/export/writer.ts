import type { Device, StoredPosition } from '../../model/records.ts';

/**
 * One export format as text pieces: the export streams them in order (header, then per device its start, its
 * positions and its end, then the footer), so no export is ever held whole in memory.
 */
export interface ExportWriter {
  contentType: string;
  extension: string;
  header(): string;
  deviceStart(device: Device): string;
  position(p: StoredPosition, device: Device): string;
  deviceEnd(device: Device): string;
  footer(): string;
}

/** The device's name, or its first external id, for formats that show one label. */
export function deviceLabel(d: Device): string {
  return d.name || d.externalIds[0]?.externalId || `device ${d.id}`;
}
