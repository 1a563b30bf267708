import type { StoredTrip } from '../../model/derived.ts';
import type { Device, StoredPosition } from '../../model/records.ts';

/**
 * One trips export format as text pieces, streamed in order: header, then per trip its start, its positions
 * (only for formats that draw the trip's path) and its end, then the footer.
 */
export interface TripExportWriter {
  contentType: string;
  extension: string;
  /** True when the format draws each trip's path: its positions are then read, a page at a time. */
  withPositions: boolean;
  header(): string;
  tripStart(trip: StoredTrip, device: Device): string;
  position(p: StoredPosition): string;
  tripEnd(trip: StoredTrip, device: Device): string;
  footer(): string;
}

/** A trip's title for formats that show one: the device and when the trip began. */
export function tripTitle(trip: StoredTrip, label: string): string {
  return `${label} ${new Date(trip.startTime).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
