import type { Device } from '../../model/records.ts';
import type { Storage } from '../../storage/storage.ts';
import type { ExportWriter } from './writer.ts';

const PAGE = 1000;

export interface ExportRange {
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
}

/**
 * The text of an export, piece by piece: each device's positions in fix-time order, read a page at a time, so
 * that memory stays flat whatever the range.
 */
export async function* streamExport(
  storage: Storage,
  devices: Device[],
  range: ExportRange,
  writer: ExportWriter,
): AsyncGenerator<string> {
  yield writer.header();
  for (const device of devices) {
    yield writer.deviceStart(device);
    let cursor: string | null = null;
    do {
      const page = await storage.listPositions({
        deviceId: device.id,
        ...range,
        order: 'asc',
        limit: PAGE,
        cursor,
      });
      let chunk = '';
      for (const p of page.items) chunk += writer.position(p, device);
      if (chunk) yield chunk;
      cursor = page.next;
    } while (cursor);
    yield writer.deviceEnd(device);
  }
  yield writer.footer();
}
