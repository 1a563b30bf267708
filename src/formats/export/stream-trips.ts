import type { StoredTrip } from '../../model/derived.ts';
import type { Device } from '../../model/records.ts';
import type { Storage } from '../../storage/storage.ts';
import type { ExportRange } from './stream-export.ts';
import type { TripExportWriter } from './trip-writer.ts';

const PAGE = 1000;

/**
 * The text of a trips export, piece by piece: each device's trips overlapping the range, whole (a trip cut at the
 * range's edge would carry a distance and duration its points do not show), in start-time order. Trips and their
 * positions are read a page at a time, so memory stays flat whatever the range.
 */
export async function* streamTripExport(
  storage: Storage,
  scope: string,
  devices: Device[],
  range: ExportRange,
  writer: TripExportWriter,
): AsyncGenerator<string> {
  yield writer.header();
  for (const device of devices) {
    let cursor: string | null = null;
    do {
      const page = await storage.listTrips({ scope, deviceId: device.id, ...range, limit: PAGE, cursor });
      for (const trip of page.items) yield* tripText(storage, device, trip, writer);
      cursor = page.next;
    } while (cursor);
  }
  yield writer.footer();
}

async function* tripText(storage: Storage, device: Device, trip: StoredTrip, writer: TripExportWriter) {
  let text = writer.tripStart(trip, device);
  if (writer.withPositions) {
    let cursor: string | null = null;
    do {
      // The trip's end time is its last fix, which belongs to it: `to` is exclusive, hence the millisecond.
      const page = await storage.listPositions({
        deviceId: device.id,
        from: trip.startTime,
        to: trip.endTime + 1,
        order: 'asc',
        limit: PAGE,
        cursor,
      });
      for (const p of page.items) text += writer.position(p);
      yield text;
      text = '';
      cursor = page.next;
    } while (cursor);
  }
  yield text + writer.tripEnd(trip, device);
}
