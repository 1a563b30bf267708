import type { Device, StoredMessage } from '../../../model/records.ts';
import type { Storage } from '../../../storage/storage.ts';
import { recentMessages } from './lookup.ts';

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The document's averages "computed from the last 25 received messages", and `last`: "last time when this device
 * has sent a message" (the message's own time, not its arrival), 0 when it never has.
 */
export async function linkSummary(storage: Storage, deviceId: number) {
  const last = await recentMessages(storage, deviceId, { since: null, before: null }, 25);
  const avg = (pick: (m: StoredMessage) => number | null | undefined) => {
    const xs = last.map(pick).filter((x): x is number => typeof x === 'number');
    return xs.length ? round3(xs.reduce((a, b) => a + b, 0) / xs.length) : 0;
  };
  return {
    averageSnr: avg((m) => m.radio.snr),
    averageRssi: avg((m) => m.radio.rssi),
    last: last[0]?.deviceTime ?? 0,
  };
}

/** The document's device states: 0 OK, 1 KO (communication timeout), 2 off contract, 3 disabled, 4 warn. */
export function sigfoxState(device: Device): number {
  return { ok: 0, silent: 1, off: 2, disabled: 3, warn: 4 }[device.state];
}

const DAY = 86_400_000;

/** Messages received during the last 24 hours, 7 days and 30 days. */
export async function messageMetrics(storage: Storage, deviceId: number, now: number) {
  const month = await recentMessages(storage, deviceId, { since: now - 30 * DAY, before: null }, 1_000_000);
  const count = (days: number) => month.filter((m) => m.deviceTime >= now - days * DAY).length;
  return { lastDay: count(1), lastWeek: count(7), lastMonth: month.length };
}

/** Per day of the year (index 0 = 1 January): uplink frames and downlink frames answered. */
export async function consumptions(storage: Storage, deviceId: number, year: number) {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const days = Math.round((end - start) / DAY);
  const out = Array.from({ length: days }, () => ({ frameCount: 0, downlinkFrameCount: 0 }));
  const messages = await recentMessages(storage, deviceId, { since: start, before: end }, 10_000_000);
  for (const m of messages) {
    const day = out[Math.floor((m.deviceTime - start) / DAY)]!;
    day.frameCount++;
    if (m.attributes.downlinkData) day.downlinkFrameCount++;
  }
  return out;
}
