import type { IngestContext } from '../../model/ingest.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import { DuplicateIdentifierError } from '../../storage/places.ts';
import type { Storage } from '../../storage/storage.ts';
import { FileFormatError, type FileItem, type FilePlace } from './file-item.ts';
import { InputTooLargeError } from './limit-input.ts';

const BATCH = 1000;
/** Problems listed in a report; the counts cover all of them. */
const MAX_PROBLEMS = 50;
/** Radius of a place made from a waypoint, in metres. */
export const WAYPOINT_RADIUS_M = 50;

export interface ImportReport {
  accepted: number;
  merged: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  placesCreated: number;
  placesExisting: number;
  /** The first problems (rejected records, skipped items), each naming where in the file. */
  problems: string[];
  /** Why the file could not be read to its end, and what was kept; null when it was. */
  error: string | null;
  /** Whether reading stopped at the body limit (the error then says so). */
  tooLarge?: boolean;
}

/**
 * Feeds a file reader's items to the pipeline in batches, each committed before the next is read, and creates
 * its places. A file that breaks part-way keeps what was committed before the break and says so in `error`
 * (importing the repaired file again stores nothing twice); a file that yields nothing to store is an error too.
 */
export async function runImport(
  items: AsyncIterable<FileItem>,
  deps: { pipeline: Pipeline; storage: Storage },
  context: IngestContext,
  onProgress?: (report: ImportReport) => void,
): Promise<ImportReport> {
  const report: ImportReport = {
    accepted: 0,
    merged: 0,
    duplicate: 0,
    rejected: 0,
    skipped: 0,
    placesCreated: 0,
    placesExisting: 0,
    problems: [],
    error: null,
  };
  const problem = (text: string) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
  };
  let batch: Extract<FileItem, { kind: 'record' }>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const summary = await deps.pipeline.ingest(
      batch.map((i) => i.record),
      { ...context, receivedTime: Date.now() },
    );
    report.accepted += summary.accepted;
    report.merged += summary.merged;
    report.duplicate += summary.duplicate;
    report.rejected += summary.rejected;
    for (const r of summary.results) {
      if (r.status === 'rejected') problem(`${batch[r.index]!.where}: ${r.code}: ${r.reason}`);
    }
    batch = [];
    onProgress?.(report);
  };
  try {
    for await (const item of items) {
      if (item.kind === 'record') {
        batch.push(item);
        if (batch.length >= BATCH) await flush();
      } else if (item.kind === 'place') {
        await createPlace(deps.storage, context, item.place, report);
      } else if (item.kind === 'reject') {
        report.rejected++;
        problem(`${item.where}: ${item.code}: ${item.reason}`);
      } else {
        report.skipped++;
        problem(`${item.where}: skipped: ${item.reason}`);
      }
    }
    await flush();
  } catch (err) {
    if (!(err instanceof FileFormatError)) throw err;
    await flush();
    if (err instanceof InputTooLargeError) report.tooLarge = true;
    report.error =
      `${err.message}. Reading stopped there; ${report.accepted + report.merged + report.duplicate} records before it are stored ` +
      `(${report.accepted} new), nothing after it. Importing the repaired file again stores nothing twice.`;
    return report;
  }
  const stored =
    report.accepted +
    report.merged +
    report.duplicate +
    report.rejected +
    report.placesCreated +
    report.placesExisting;
  if (!stored) {
    report.error = report.skipped
      ? `nothing to import: all ${report.skipped} items were skipped (${report.problems[0] ?? ''})`
      : 'nothing to import: the file holds no points';
  }
  return report;
}

async function createPlace(storage: Storage, context: IngestContext, place: FilePlace, report: ImportReport) {
  if (await storage.getPlace(place.identifier, context.scopePath)) {
    report.placesExisting++;
    return;
  }
  try {
    await storage.createPlace({
      groupId: context.groupId,
      name: place.name,
      identifier: place.identifier,
      details: place.details,
      lat: place.lat,
      lon: place.lon,
      radius: WAYPOINT_RADIUS_M,
      polygon: null,
    });
    report.placesCreated++;
  } catch (err) {
    if (!(err instanceof DuplicateIdentifierError)) throw err;
    report.placesExisting++;
  }
}
