import type { IngestRecord, RecordOutcome } from '../../model/ingest.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import { groupCommitOf } from './group-commit.ts';
import { ReceiverError } from './receiver-error.ts';
import type { ReceiverSource } from './source-auth.ts';

/**
 * Runs a push request's records through the pipeline, grouped with concurrent requests of the same source, and
 * resolves after the commit with each record's outcome. For receivers that answer per record in their own way.
 */
export function submitRecords(
  pipeline: Pipeline,
  records: IngestRecord[],
  { source, group }: ReceiverSource,
): Promise<RecordOutcome[]> {
  return groupCommitOf(pipeline).submit(records, {
    groupId: group.id,
    scopePath: group.path,
    sourceId: source.id,
    unknownDevices: source.unknownDevices,
    receivedTime: Date.now(),
  });
}

/**
 * `submitRecords`, answered the common way. Accepted, merged and duplicate records are success (a phone resending
 * what was stored must get 200 so it stops); a rejected record is a 400 (or 403 for an unknown device the source
 * refuses) with the pipeline's reason.
 */
export async function commitRecords(
  pipeline: Pipeline,
  records: IngestRecord[],
  receiver: ReceiverSource,
): Promise<{ accepted: number; merged: number; duplicate: number }> {
  const outcomes = await submitRecords(pipeline, records, receiver);
  const accepted = outcomes.filter((r) => r.status === 'accepted').length;
  const rejected = outcomes.find((r) => r.status === 'rejected');
  if (rejected && rejected.status === 'rejected') {
    const status = rejected.code === 'UNKNOWN_DEVICE' ? 403 : 400;
    const kept = accepted ? ` (${accepted} other records were stored)` : '';
    throw new ReceiverError(status, rejected.code, `${rejected.reason}${kept}`);
  }
  const count = (status: RecordOutcome['status']) => outcomes.filter((r) => r.status === status).length;
  return { accepted, merged: count('merged'), duplicate: count('duplicate') };
}
