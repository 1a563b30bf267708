import type { Device, StoredPosition } from '../../model/records.ts';
import type { ExportWriter } from '../export/writer.ts';

/**
 * NDJSON in the ingest record format, one position per line, naming the device by its first external identity
 * (else its Trackway id): importing the file again stores nothing twice, and another hub gets the same devices.
 */
export const ndjsonWriter: ExportWriter = {
  contentType: 'application/x-ndjson',
  extension: 'ndjson',
  header: () => '',
  deviceStart: () => '',
  position: (p: StoredPosition, d: Device) => {
    const { id: _id, deviceId: _d, messageId: _m, receivedTime: _r, fixTime, attributes, ...fields } = p;
    const [identity] = d.externalIds;
    const record: Record<string, unknown> = identity
      ? { vendor: identity.vendor, externalId: identity.externalId }
      : { deviceId: d.id };
    record.fixTime = new Date(fixTime).toISOString();
    for (const [k, v] of Object.entries(fields)) if (v !== null) record[k] = v;
    if (Object.keys(attributes).length) record.attributes = attributes;
    return `${JSON.stringify(record)}\n`;
  },
  deviceEnd: () => '',
  footer: () => '',
};
