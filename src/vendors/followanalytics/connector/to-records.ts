import type { IngestRecord } from '../../../model/ingest.ts';
import { FOLLOWANALYTICS_VENDOR, type FaLocation } from '../wire.ts';

/**
 * One app location as one record: the device by its `device_id`, a message identified by `location_id` (so a
 * location read twice is stored once), and a position keeping the user, session and application. A location
 * without a device, a valid date or coordinates says nothing Trackway can store, and is left out.
 */
export function toRecord(l: FaLocation): IngestRecord | null {
  const time = l.date_utc ? Date.parse(l.date_utc) : NaN;
  if (!l.device_id || !Number.isFinite(time) || l.latitude == null || l.longitude == null) return null;
  const attributes = {
    location_id: l.location_id,
    user_id: l.user_id ?? null,
    session_id: l.session_id ?? null,
    application_id: l.application_id ?? null,
  };
  return {
    device: { vendor: FOLLOWANALYTICS_VENDOR, externalId: l.device_id },
    message: { deviceTime: time, sourceMessageId: l.location_id, messageType: 'location', attributes },
    position: { fixTime: time, lat: l.latitude, lon: l.longitude, attributes },
  };
}
