import type { IngestRecord } from '../model/ingest.ts';
import type { Source } from '../model/records.ts';
import type { Storage } from '../storage/storage.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { HttpFetch } from './http.ts';

/**
 * A pull connector states what ONE page is (DESIGN.md §4, §8); the runtime owns scheduling, rate limits,
 * retries and the cursor. Throw `RetryableError` or `FatalError` (./errors.ts) to classify a failure.
 */
export interface Connector {
  /** The vendor name sources are configured with (`source.vendor`). */
  readonly vendor: string;
  readonly rates: RateRules;
  fetchPage(request: PageRequest): Promise<PageResult>;
}

export interface RateRules {
  /** Minimum time between runs of one source, e.g. SPOT: 150 s per feed. */
  sourceIntervalMs: number;
  /** Minimum time between any two requests to this vendor, across all its sources, e.g. SPOT: 2 s. */
  vendorSpacingMs: number;
  backoff: BackoffPolicy;
}

export interface PageRequest {
  /** The source as stored: its settings (and the credentials they hold), group and status. */
  source: Source;
  /** Where to continue: the cursor committed with the previous page, or null for a new source. */
  cursor: string | null;
  /** HTTP with the runtime's timeout; network failures and timeouts arrive as `RetryableError`. */
  fetch: HttpFetch;
}

export interface PageResult {
  records: IngestRecord[];
  /** The cursor after this page, committed with its records; return the given cursor when nothing is new. */
  cursor: string | null;
  /** Another page is ready now: the runtime asks for it as soon as the vendor spacing allows. */
  more: boolean;
  /**
   * Writes this page brings besides records (e.g. a vendor's places mirrored into the source's group), run once
   * the records and cursor are committed. They must be idempotent: a failure is the page's failure, retried
   * with backoff, while the committed cursor stays where it is.
   */
  afterCommit?: (storage: Storage) => Promise<void>;
  /**
   * When nothing is ready now, how long until the next request is worth making, if longer than the source
   * interval (a connector that polls some things more often than others, e.g. GPS365's live and historic).
   */
  nextPageInMs?: number;
  /** What the vendor says about its devices (names, identifiers), stored on them before the page's records. */
  devices?: DeviceInfo[];
}

/**
 * A vendor's description of one device. Missing devices are created when the source creates unknown devices,
 * named `name`; `attributes` are set on the device key by key (a null value removes the key), other keys kept.
 */
export interface DeviceInfo {
  vendor: string;
  externalId: string;
  name: string;
  attributes: Record<string, unknown>;
}
