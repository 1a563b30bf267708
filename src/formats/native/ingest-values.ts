import type { IngestContext, IngestSummary, RecordOutcome } from '../../model/ingest.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import { parseRecord } from './parse-records.ts';

/**
 * Parses wire values into records and runs the valid ones through the pipeline; outcomes keep the sender's
 * indexes, so a client can match each rejection to what it sent.
 */
export async function ingestValues(
  pipeline: Pipeline,
  values: unknown[],
  context: IngestContext,
): Promise<IngestSummary> {
  const rejected: RecordOutcome[] = [];
  const valid: { index: number; record: import('../../model/ingest.ts').IngestRecord }[] = [];
  values.forEach((value, index) => {
    const parsed = parseRecord(value);
    if (parsed.ok) valid.push({ index, record: parsed.record });
    else rejected.push({ index, status: 'rejected', code: parsed.code, reason: parsed.reason });
  });
  const summary = valid.length
    ? await pipeline.ingest(
        valid.map((v) => v.record),
        context,
      )
    : { accepted: 0, merged: 0, duplicate: 0, rejected: 0, results: [] };
  const results = [...summary.results.map((r) => ({ ...r, index: valid[r.index]!.index })), ...rejected].sort(
    (a, b) => a.index - b.index,
  );
  return {
    accepted: summary.accepted,
    merged: summary.merged,
    duplicate: summary.duplicate,
    rejected: summary.rejected + rejected.length,
    results,
  };
}
