import { createHash } from 'node:crypto';
import type { IngestRecord } from '../../../model/ingest.ts';
import type { PositionFields } from '../../../model/records.ts';
import { deviceTimestampOf, type MixPosition, type MixTrip } from '../wire/trip.ts';

/** The vendor name of MiX sources and of MiX vehicles' external identities. */
export const MIX_VENDOR = 'mix';

/** The message type of an imported trip: its payload is the Trip resource as MiX sent it. */
export const TRIP_MESSAGE = 'mix-trip';

/**
 * One MiX trip as records of its vehicle: the trip as a message (raw, as received), its start position and its
 * end position, each its own record so that a position the pipeline refuses never takes the trip with it. A trip
 * read twice is one message; a changed trip (MiX corrected it) is a new message, identified by its start time
 * and content, and replaces the earlier version among imported trips.
 */
export function tripRecords(trip: MixTrip, raw: unknown): IngestRecord[] {
  const device = { vendor: MIX_VENDOR, externalId: trip.VehicleId };
  const payload = JSON.stringify(raw);
  const version = createHash('sha1').update(payload).digest('hex').slice(0, 16);
  const records: IngestRecord[] = [
    {
      device,
      message: {
        deviceTime: deviceTimestampOf(trip),
        sourceMessageId: `trip:${trip.StartTimestamp}:${version}`,
        messageType: TRIP_MESSAGE,
        payload,
        payloadEncoding: 'text',
      },
    },
  ];
  for (const p of [trip.StartPosition, trip.EndPosition])
    if (p) records.push({ device, position: positionOf(p) });
  return records;
}

/** A MiX position in Trackway's units: odometer km → metres; speed km/h and heading degrees as they are. */
function positionOf(p: MixPosition): PositionFields {
  const attributes: Record<string, unknown> = {};
  if (p.DriverId) attributes.driverId = p.DriverId;
  if (p.Age != null) attributes.age = p.Age;
  return {
    fixTime: p.DeviceTimestamp,
    lat: p.Latitude,
    lon: p.Longitude,
    speed: p.Speed ?? null,
    course: p.Heading ?? null,
    altitude: p.Altitude ?? null,
    hdop: p.Hdop ?? null,
    vdop: p.Vdop ?? null,
    pdop: p.Pdop ?? null,
    satellites: p.Satellites ?? null,
    odometer: p.Odometer == null ? null : p.Odometer * 1000,
    attributes,
  };
}
