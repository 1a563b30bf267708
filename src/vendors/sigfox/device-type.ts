import type { DeviceType } from '../../model/records.ts';
import { payloadConfigProblems } from '../../decode/payload-config.ts';

/** The Sigfox fields of a device type, as the backend document's device type edition names them. */
export interface SigfoxTypeFields {
  keepAlive?: number;
  payloadType?: DeviceType['payloadType'];
  payloadConfig?: string | null;
  downlinkMode?: string | null;
  downlinkData?: string | null;
  alertEmail?: string | null;
}

/** downlinkMode: the document's 0 (direct: the type's data) and 1 (callback: the selected downlink callback). */
export const DOWNLINK_MODES = ['direct', 'callback'] as const;

/** Checks a device type before it is saved; returns the problems, each naming its field (empty when valid). */
export function sigfoxTypeProblems(t: SigfoxTypeFields): string[] {
  const problems: string[] = [];
  // The document: "Must be either 0 or >= 1800s" while keepAlive is in minutes elsewhere: 0 or at least 30.
  if (t.keepAlive !== undefined && t.keepAlive !== 0 && !(t.keepAlive >= 30)) {
    problems.push('keepAlive: must be 0 (off) or at least 30 minutes');
  }
  problems.push(...payloadConfigProblems(t));
  if (t.downlinkMode != null && !(DOWNLINK_MODES as readonly string[]).includes(t.downlinkMode)) {
    problems.push('downlinkMode: must be "direct" (0) or "callback" (1)');
  }
  if (t.downlinkData != null && downlinkProblem(t.downlinkData)) {
    problems.push(`downlinkData: ${downlinkProblem(t.downlinkData)}`);
  }
  if (t.alertEmail != null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t.alertEmail)) {
    problems.push('alertEmail: not an email address');
  }
  return problems;
}

export interface DownlinkContext {
  rssi: number | null;
  station: string | null;
  /** Epoch milliseconds of the answer. */
  time: number;
}

/**
 * The document's downlink variables, each given a fixed width so that a template keeps its 8 bytes:
 * {time} 4 bytes of epoch seconds, {rssi} 2 bytes signed (0 when the station gave none, as documented),
 * {tapId} the 2-byte station id.
 */
export function renderDownlink(template: string, c: DownlinkContext): string {
  return template
    .replace(/\{time\}/g, hex(Math.floor(c.time / 1000) >>> 0, 8))
    .replace(/\{rssi\}/g, hex(Math.round(c.rssi ?? 0) & 0xffff, 4))
    .replace(/\{tapId\}/g, (c.station ?? '').padStart(4, '0').slice(-4))
    .toLowerCase();
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}

function downlinkProblem(template: string): string | null {
  const sample = renderDownlink(template, { rssi: 0, station: '0000', time: 0 });
  return /^[0-9a-f]{16}$/.test(sample)
    ? null
    : 'must be 8 bytes as 16 hex digits, variables {time} (4 bytes), {rssi} and {tapId} (2 bytes) included';
}
