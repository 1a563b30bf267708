import type { IngestRecord } from '../model/ingest.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { ReceiverError } from './receiver-error.ts';
import type { ReceiverSource } from './source-auth.ts';

/**
 * Runs a push request's records through the pipeline and resolves after the commit. Accepted and duplicate
 * records are success (a phone resending what was stored must get 200 so it stops); a rejected record is a
 * 400 (or 403 for an unknown device the source refuses) with the pipeline's reason.
 */
export async function commitRecords(
  pipeline: Pipeline,
  records: IngestRecord[],
  { source, group }: ReceiverSource,
): Promise<{ accepted: number; duplicate: number }> {
  const summary = await pipeline.ingest(records, {
    groupId: group.id,
    scopePath: group.path,
    sourceId: source.id,
    unknownDevices: source.unknownDevices,
    receivedTime: Date.now(),
  });
  const rejected = summary.results.find((r) => r.status === 'rejected');
  if (rejected && rejected.status === 'rejected') {
    const status = rejected.code === 'UNKNOWN_DEVICE' ? 403 : 400;
    const kept = summary.accepted ? ` (${summary.accepted} other records were stored)` : '';
    throw new ReceiverError(status, rejected.code, `${rejected.reason}${kept}`);
  }
  return { accepted: summary.accepted, duplicate: summary.duplicate };
}
