import type { DeviceInfo } from '../../../ingest/connector.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import type { PositionFields } from '../../../model/records.ts';
import { ANALOGS, GPS365_VENDOR, IO, type Gps365Coordinate, type Gps365Tracker } from '../coordinate.ts';
import { parseGps365Date } from '../dates.ts';

/**
 * One coordinate row as one position, every field kept (document 002 §5.1): the measured values in the
 * position's own fields, in Trackway's units (volts, bit sets of inputs and outputs), the rest in attributes.
 */
export function toRecord(c: Gps365Coordinate): IngestRecord {
  const position: PositionFields = {
    fixTime: parseGps365Date(String(c.date)) ?? Number.NaN,
    lat: num(c.latitude) ?? Number.NaN,
    lon: num(c.longitude) ?? Number.NaN,
  };
  const attributes: Record<string, unknown> = {};
  setIf(position, 'speed', num(c.speed));
  setIf(position, 'course', num(c.azimuth));
  setIf(position, 'altitude', num(c.altitude));
  setIf(position, 'odometer', num(c.odometer));
  setIf(position, 'motion', bool(c.motion));
  const mv = num(c.powervoltage);
  if (mv != null) position.power = mv / 1000;
  const analogs = numbered(c, 'analog', ANALOGS);
  if (analogs) position.analogs = analogs;
  const temperatures = numbered(c, 'temperature', ANALOGS);
  if (temperatures) position.temperatures = temperatures;
  const inputs = bits(c, 'input');
  if (inputs) {
    position.inputs = inputs.value;
    attributes.inputMask = inputs.mask;
  }
  // "input1 ... is always ignition".
  const ignition = bool(c.input1);
  if (ignition != null) position.ignition = ignition;
  const outputs = bits(c, 'output');
  if (outputs) {
    position.outputs = outputs.value;
    attributes.outputMask = outputs.mask;
  }
  const inputDurations = numbered(c, 'input', IO, '_duration');
  if (inputDurations) attributes.inputDurations = inputDurations;
  const outputDurations = numbered(c, 'output', IO, '_duration');
  if (outputDurations) attributes.outputDurations = outputDurations;
  if (num(c.gsmsignal) != null) attributes.gsmSignal = num(c.gsmsignal);
  if (c.mobile_country_id != null) attributes.mobileCountryId = c.mobile_country_id;
  if (c.mobile_network_id != null) attributes.mobileNetworkId = c.mobile_network_id;
  // GPS365's own receipt time; the position's receivedTime stays the hub's (see docs/vendors/gps365.md).
  if (typeof c.sendingdate === 'string') attributes.gps365SendingDate = c.sendingdate;
  position.attributes = attributes;
  return { device: { vendor: GPS365_VENDOR, externalId: String(c.tracker_id) }, position };
}

/** A tracker of `trackers/list` as what its device should carry (document 002 §4.1). */
export function trackerInfo(t: Gps365Tracker): DeviceInfo {
  return {
    vendor: GPS365_VENDOR,
    externalId: String(t.id),
    name: t.title || String(t.id),
    attributes: {
      gps365: {
        title: t.title,
        description: t.description,
        group: t.group,
        phone: t.phone,
        imei: t.imei,
        iccid: t.iccid,
        serialNumber: t.serial_number,
      },
      gps365MissingSince: null,
    },
  };
}

function setIf<K extends keyof PositionFields>(p: PositionFields, key: K, value: PositionFields[K] | null) {
  if (value != null) p[key] = value;
}

/** Numbers may come as JSON numbers or numeric strings. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Booleans may come as true/false, 1/0 or their strings. */
export function bool(v: unknown): boolean | null {
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  return null;
}

function numbered(
  c: Gps365Coordinate,
  prefix: string,
  indexes: readonly number[],
  suffix = '',
): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const i of indexes) {
    const v = num(c[`${prefix}${i}${suffix}`]);
    if (v != null) out[String(i)] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** input1-8 / output1-8 as a bit set (bit 0 = number 1) and the mask of those present. */
function bits(c: Gps365Coordinate, prefix: string): { value: number; mask: number } | null {
  let value = 0;
  let mask = 0;
  for (const i of IO) {
    const b = bool(c[`${prefix}${i}`]);
    if (b == null) continue;
    mask |= 1 << (i - 1);
    if (b) value |= 1 << (i - 1);
  }
  return mask ? { value, mask } : null;
}
