import type { IngestContext } from '../model/ingest.ts';
import type { Source } from '../model/records.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { SourceLeaseLostError } from '../storage/coordination.ts';
import type { Storage } from '../storage/storage.ts';
import { backoffDelay } from './backoff.ts';
import type { Clock } from './clock.ts';
import type { Connector, RateRules } from './connector.ts';
import { applyDeviceInfo } from './device-info.ts';
import { FatalError, RetryableError } from './errors.ts';
import type { HttpFetch } from './http.ts';
import type { RateGate } from './rate-gate.ts';

export interface PageDeps {
  storage: Storage;
  pipeline: Pipeline;
  clock: Clock;
  gate: RateGate;
  fetch: HttpFetch;
  random: () => number;
  /** This process's lease owner name, checked when a page's cursor commits. */
  leaseOwner: string;
  /** Told when a source fails and when it works again after failing, e.g. to log it. */
  onSourceChange?: (change: SourceChange) => void;
}

/** A source's health changed: a failed page (and what happens next), or the first success after failures. */
export type SourceChange =
  | {
      kind: 'failed';
      source: Source;
      reason: string;
      fatal: boolean;
      failures: number;
      /** When it is tried again; null for a fatal failure, which stops it until reset. */
      retryAt: number | null;
    }
  | { kind: 'recovered'; source: Source; failures: number };

/**
 * One page of one source: wait for the vendor spacing, record the request, fetch, commit records and cursor in
 * one transaction, record the outcome on the source. Returns whether another page is ready now, or null when
 * `signal` stopped it before any request went out.
 */
export async function runPage(
  deps: PageDeps,
  source: Source,
  connector: Connector,
  signal: AbortSignal,
): Promise<boolean | null> {
  const { storage, clock } = deps;
  const { rates } = connector;
  const requestAt = await deps.gate.pass(`vendor:${connector.vendor}`, rates.vendorSpacingMs, signal);
  if (requestAt === null) return null;
  // Stored before the request goes out, so that a crash right after it still counts against the interval.
  await storage.updateSource(source.id, {
    status: 'running',
    lastRequestAt: requestAt,
    nextRunAt: requestAt + rates.sourceIntervalMs,
  });
  try {
    const page = await connector.fetchPage({ source, cursor: source.cursor, fetch: deps.fetch });
    // Before the records, so that a device the page creates gets its vendor's name and details.
    if (page.devices) await applyDeviceInfo(storage, source, page.devices);
    const context = await ingestContext(storage, source, clock.now());
    await deps.pipeline.ingest(page.records, context, {
      sourceId: source.id,
      cursor: page.cursor,
      leaseOwner: deps.leaseOwner,
    });
    await page.afterCommit?.(storage);
    const now = clock.now();
    if (source.failures > 0) deps.onSourceChange?.({ kind: 'recovered', source, failures: source.failures });
    await storage.updateSource(source.id, {
      status: 'idle',
      failures: 0,
      lastSuccessAt: now,
      nextRunAt: page.more ? now : requestAt + Math.max(rates.sourceIntervalMs, page.nextPageInMs ?? 0),
    });
    // Asking again with an unchanged cursor would get the same page, at the vendor's full rate, forever.
    return page.more && page.cursor !== source.cursor;
  } catch (err) {
    // Not the source's failure: it runs on another process now, whose state must not be overwritten.
    if (err instanceof SourceLeaseLostError) throw err;
    await recordFailure(deps, source, rates, requestAt, err);
    return false;
  }
}

async function ingestContext(storage: Storage, source: Source, now: number): Promise<IngestContext> {
  const group = await storage.getGroup(source.groupId);
  if (!group) throw new FatalError(`group ${source.groupId} of this source does not exist`);
  return {
    groupId: group.id,
    scopePath: group.path,
    sourceId: source.id,
    unknownDevices: source.unknownDevices,
    receivedTime: now,
  };
}

/** A fatal error stops the source; anything else is retried after a growing delay, never sooner than the
 * source's interval nor than the vendor's own Retry-After. */
async function recordFailure(
  deps: PageDeps,
  source: Source,
  rates: RateRules,
  requestAt: number,
  err: unknown,
): Promise<void> {
  const now = deps.clock.now();
  const failures = source.failures + 1;
  const common = { failures, lastError: describe(err), lastErrorAt: now };
  const failed = { kind: 'failed', source, reason: common.lastError, failures } as const;
  if (err instanceof FatalError) {
    await deps.storage.updateSource(source.id, { ...common, status: 'failed', nextRunAt: null });
    deps.onSourceChange?.({ ...failed, fatal: true, retryAt: null });
    return;
  }
  const vendorWait = err instanceof RetryableError ? (err.retryAfterMs ?? 0) : 0;
  const wait = Math.max(backoffDelay(rates.backoff, failures, deps.random), vendorWait);
  const retryAt = Math.max(now + wait, requestAt + rates.sourceIntervalMs);
  await deps.storage.updateSource(source.id, { ...common, status: 'backoff', nextRunAt: retryAt });
  deps.onSourceChange?.({ ...failed, fatal: false, retryAt });
}

/** Classified errors carry a message written for the user; anything else also names its kind. */
function describe(err: unknown): string {
  if (err instanceof RetryableError || err instanceof FatalError) return err.message;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
