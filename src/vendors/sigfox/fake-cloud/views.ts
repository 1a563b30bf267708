import { createHash } from 'node:crypto';
import type { FakeDeviceType, Frame } from './simulated-device.ts';

/** Document 004 computes a device's averages "from the last 25 received messages". */
const AVERAGE_OVER = 25;
const YEAR_MS = 365 * 86_400_000;

/** What the fake backend knows of the account behind its credentials: one group and one contract. */
export interface Account {
  group: string;
  contract: string;
  /** When the devices took their contract tokens, epoch milliseconds. */
  activatedAt: number;
}

/** A device type as document 004's device type information shows it. */
export function deviceTypeView(t: FakeDeviceType, account: Account) {
  return {
    id: t.id,
    name: t.name,
    group: account.group,
    ...(t.description ? { description: t.description } : {}),
    keepAlive: t.keepAlive ?? 0,
    payloadType: t.payloadType ?? 'None',
    contract: account.contract,
  };
}

export interface DeviceState {
  id: string;
  name: string;
  type: string;
  /** The device's frames, oldest first. */
  frames: readonly Frame[];
}

/** A device as the devices of a device type list it; `last` in milliseconds, as the field's description says. */
export function deviceView(d: DeviceState, account: Account) {
  const recent = d.frames.slice(-AVERAGE_OVER);
  const last = d.frames[d.frames.length - 1];
  const averages = recent.length
    ? {
        averageSignal: mean(recent.map((f) => f.snr)),
        averageSnr: mean(recent.map((f) => f.snr)),
        averageRssi: mean(recent.map((f) => f.rssi)),
      }
    : {};
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    last: last ? last.time * 1000 : 0,
    ...averages,
    state: 0,
    activationTime: account.activatedAt,
    pac: pac(d.id),
  };
}

/** A device as its own information shows it: the list's fields and its contract token. */
export function deviceInfoView(d: DeviceState, account: Account) {
  return {
    ...deviceView(d, account),
    tokenType: 'CONTRACT',
    contractId: account.contract,
    tokenEnd: account.activatedAt + YEAR_MS,
  };
}

/**
 * A message as document 004's examples show it: `time` in seconds, `snr` and the receptions' fields as strings,
 * the receptions under `rinfos` (the example's nested `tap`/`snr`/`lat`/`lng` object). `seqNumber` is the frame
 * counter every Sigfox frame carries, which the examples leave out.
 */
export function messageView(f: Frame) {
  return {
    device: f.device,
    time: f.time,
    data: f.data,
    snr: String(f.snr),
    linkQuality: linkQuality(f.snr),
    seqNumber: f.seqNumber,
    rinfos: f.rinfos.map((r) => ({ tap: r.tap, snr: String(r.snr), lat: String(r.lat), lng: String(r.lng) })),
  };
}

/** A message's location: "if a property has no value, it won't appear", so an invalid one is time and valid. */
export function locationView(f: Frame) {
  const l = f.location;
  return l.valid
    ? { time: f.time, valid: true, lat: l.lat, lng: l.lng, radius: l.radius }
    : { time: f.time, valid: false };
}

/** The document's link quality values, on the SNR bands of its `snr` device filter (0–10, 10–13, 13–20, 20+ dB). */
export function linkQuality(snr: number): 'LIMIT' | 'AVERAGE' | 'GOOD' | 'EXCELLENT' {
  if (snr < 10) return 'LIMIT';
  if (snr < 13) return 'AVERAGE';
  if (snr < 20) return 'GOOD';
  return 'EXCELLENT';
}

/** The `snr` filter of the devices of a type: 1 to 4, the bands above, on the device's average SNR. */
export function snrBand(averageSnr: number | undefined): number | null {
  if (averageSnr === undefined) return null;
  return ['LIMIT', 'AVERAGE', 'GOOD', 'EXCELLENT'].indexOf(linkQuality(averageSnr)) + 1;
}

const mean = (values: number[]) =>
  Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;

/** A device's porting authorization code: 16 hex digits, fixed per device. */
const pac = (id: string) => createHash('sha256').update(`pac:${id}`).digest('hex').slice(0, 16).toUpperCase();
