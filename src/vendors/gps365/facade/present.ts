import type { Device, StoredPosition } from '../../../model/records.ts';
import { ANALOGS, IO } from '../coordinate.ts';
import { formatGps365Date } from '../dates.ts';

type Row = Record<string, unknown>;

/**
 * A device as a tracker of `trackers/list` (document 002 §4.1): its Trackway id, its name as title, its group;
 * phone, IMEI, ICCID and serial number where a GPS365 listing stored them. What Trackway does not know is absent.
 */
export function presentTracker(device: Device, groupName: string): Row {
  const g = (device.attributes.gps365 ?? {}) as Record<string, unknown>;
  const tracker: Row = { id: device.id, title: device.name };
  if ('description' in g) tracker.description = g.description ?? null;
  tracker.group = typeof g.group === 'string' ? g.group : groupName;
  for (const [field, key] of [
    ['phone', 'phone'],
    ['imei', 'imei'],
    ['iccid', 'iccid'],
    ['serial_number', 'serialNumber'],
  ] as const) {
    if (g[key] != null) tracker[field] = g[key];
  }
  return tracker;
}

/**
 * A position as a coordinate row (document 002 §5.1), in the document's field order and units (km/h, integer
 * azimuth, millivolts, metres), `sendingdate` being when Trackway received it. Fields without a value are absent.
 */
export function presentCoordinate(p: StoredPosition): Row {
  const a = p.attributes;
  const row: Row = {
    tracker_id: p.deviceId,
    date: formatGps365Date(p.fixTime),
    latitude: p.lat,
    longitude: p.lon,
  };
  put(row, 'speed', p.speed);
  put(row, 'azimuth', p.course == null ? null : Math.round(p.course) % 360);
  put(row, 'altitude', p.altitude);
  put(row, 'gsmsignal', a.gsmSignal);
  put(row, 'powervoltage', p.power == null ? null : Math.round(p.power * 1000));
  const analogs = numbered(p.analogs);
  const temperatures = numbered(p.temperatures);
  for (const i of ANALOGS) put(row, `analog${i}`, analogs[i]);
  for (const i of ANALOGS) put(row, `temperature${i}`, temperatures[i]);
  put(row, 'motion', p.motion);
  const inputs = flags(p.inputs, a.inputMask);
  // "input1 ... is always ignition": a position with ignition but no inputs still has input1.
  if (inputs[1] == null && p.ignition != null) inputs[1] = p.ignition;
  const outputs = flags(p.outputs, a.outputMask);
  const inputDurations = durations(a.inputDurations);
  const outputDurations = durations(a.outputDurations);
  for (const i of IO) put(row, `input${i}`, inputs[i]);
  for (const i of IO) put(row, `input${i}_duration`, inputDurations[i]);
  for (const i of IO) put(row, `output${i}`, outputs[i]);
  for (const i of IO) put(row, `output${i}_duration`, outputDurations[i]);
  put(row, 'odometer', p.odometer == null ? null : Math.round(p.odometer));
  put(row, 'mobile_country_id', a.mobileCountryId);
  put(row, 'mobile_network_id', a.mobileNetworkId);
  row.sendingdate = formatGps365Date(p.receivedTime);
  return row;
}

function put(row: Row, key: string, value: unknown) {
  if (value != null) row[key] = value;
}

/** Keys `1`…`4`, or any name ending in the number (`adc1`, `temp2`), as numbered fields. */
function numbered(values: Record<string, number> | null): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    const n = Number(/(\d+)$/.exec(key)?.[1]);
    if (n >= 1 && n <= 4 && out[n] == null) out[n] = value;
  }
  return out;
}

/** A bit set as flags 1…8; only the bits of `mask` (all eight without one) are present. */
function flags(bits: number | null, mask: unknown): Record<number, boolean> {
  const out: Record<number, boolean> = {};
  if (bits == null) return out;
  const present = typeof mask === 'number' ? mask : 0xff;
  for (const i of IO) if (present & (1 << (i - 1))) out[i] = (bits & (1 << (i - 1))) !== 0;
  return out;
}

function durations(value: unknown): Record<number, number> {
  const out: Record<number, number> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'number') out[Number(key)] = v;
  return out;
}
