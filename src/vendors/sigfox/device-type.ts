import type { DeviceType } from '../../model/records.ts';
import { payloadConfigProblems } from '../../decode/payload-config.ts';
import { downlinkProblems } from '../../model/downlink.ts';

/** The Sigfox fields of a device type, as the backend document's device type edition names them. */
export interface SigfoxTypeFields {
  keepAlive?: number;
  payloadType?: DeviceType['payloadType'];
  payloadConfig?: string | null;
  downlinkMode?: string | null;
  downlinkData?: string | null;
  alertEmail?: string | null;
}

/** Checks a device type before it is saved; returns the problems, each naming its field (empty when valid). */
export function sigfoxTypeProblems(t: SigfoxTypeFields): string[] {
  const problems: string[] = [];
  // The document: "Must be either 0 or >= 1800s" while keepAlive is in minutes elsewhere: 0 or at least 30.
  if (t.keepAlive !== undefined && t.keepAlive !== 0 && !(t.keepAlive >= 30)) {
    problems.push('keepAlive: must be 0 (off) or at least 30 minutes');
  }
  problems.push(...payloadConfigProblems(t));
  problems.push(...downlinkProblems(t, 'downlinkDataString'));
  if (t.alertEmail != null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t.alertEmail)) {
    problems.push('alertEmail: not an email address');
  }
  return problems;
}
