import type { TemplateVariables } from '../../../callbacks/template.ts';
import type { StoredMessage } from '../../../model/records.ts';
import { decoderFor, hexBytes } from '../../../decode/grammar/compile.ts';

/**
 * The predefined variables the document's callbacks use ({device}, {time}, {data}, {snr}, {station}, {lat},
 * {lng}, {ack}… as in its examples and its failed-callback `parameters`), the status ones ({severity}, {info}),
 * the network's ACKNOWLEDGE ones, plus {customData#name}.
 */
export const PREDEFINED = [
  'device',
  'deviceTypeId',
  'time',
  'data',
  'seqNumber',
  'snr',
  'rssi',
  'avgSnr',
  'station',
  'linkQuality',
  'lat',
  'lng',
  'duplicate',
  'ack',
  'longPolling',
  'severity',
  'info',
  // ACKNOWLEDGE callbacks (the network's names).
  'infoCode',
  'infoMessage',
  'downlinkAck',
  'downlinkOverusage',
] as const;

export function isKnownVariable(name: string): boolean {
  return (PREDEFINED as readonly string[]).includes(name) || /^customData#[\w#-]+$/.test(name);
}

/** The variables of one uplink, as the callbacks of its device type see them. */
export function messageVariables(
  m: Pick<
    StoredMessage,
    'deviceTime' | 'payload' | 'payloadEncoding' | 'radio' | 'attributes' | 'duplicate' | 'decoded'
  >,
  device: string,
  deviceTypeId: number | null,
  payloadConfig: string | undefined,
): TemplateVariables {
  const attrs = m.attributes;
  const network = attrs.networkLocation as { lat?: number; lng?: number } | undefined;
  const vars: TemplateVariables = {
    device,
    deviceTypeId: deviceTypeId == null ? null : String(deviceTypeId),
    // Seconds, as the network's callbacks send {time}.
    time: Math.floor(m.deviceTime / 1000),
    data: m.payload ?? '',
    seqNumber: m.radio.seqNumber ?? null,
    snr: m.radio.snr == null ? null : m.radio.snr.toFixed(2),
    rssi: m.radio.rssi == null ? null : m.radio.rssi.toFixed(2),
    avgSnr: typeof attrs.avgSnr === 'number' ? attrs.avgSnr.toFixed(2) : null,
    station: m.radio.station ?? null,
    linkQuality: m.radio.linkQuality ?? null,
    lat: network?.lat ?? null,
    lng: network?.lng ?? null,
    duplicate: m.duplicate,
    ack: attrs.ack === true,
    longPolling: attrs.longPolling === true,
  };
  // The callback's own payloadConfig defines its custom variables; without one, the device type's decoding.
  let custom: Record<string, unknown> | null = m.decoded;
  const bytes = payloadConfig && m.payloadEncoding === 'hex' ? hexBytes(m.payload ?? '') : null;
  if (payloadConfig && bytes) custom = decoderFor(payloadConfig).decode(bytes);
  for (const [k, v] of Object.entries(custom ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') vars[`customData#${k}`] = v;
  }
  return vars;
}

/** The variables of a stored ACKNOWLEDGE callback, as the type's ACKNOWLEDGE callbacks see them. */
export function acknowledgeVariables(
  m: Pick<StoredMessage, 'deviceTime' | 'attributes'>,
  device: string,
  deviceTypeId: number | null,
): TemplateVariables {
  const a = m.attributes;
  return {
    device,
    deviceTypeId: deviceTypeId == null ? null : String(deviceTypeId),
    time: Math.floor(m.deviceTime / 1000),
    infoCode: typeof a.infoCode === 'number' ? a.infoCode : null,
    infoMessage: typeof a.infoMessage === 'string' ? a.infoMessage : null,
    downlinkAck: a.downlinkAck === true,
    downlinkOverusage: a.downlinkOverusage === true,
  };
}
