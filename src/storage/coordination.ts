/**
 * A page's cursor was not committed because another process holds the source's lease now: this process stalled
 * past its lease and the source moved on without it. The page's records are rolled back with the cursor.
 */
export class SourceLeaseLostError extends Error {
  constructor(sourceId: number, owner: string) {
    super(`source ${sourceId} is no longer leased to ${owner}; its page was not committed`);
  }
}

/**
 * What lets several processes share one database safely: a lease per pull source, so that a connector runs on
 * one process at a time, and rate slots, so that a vendor's spacing between requests holds across processes.
 */
export interface CoordinationStorage {
  /**
   * Takes the lease on a source for `owner`, or extends it when `owner` holds it already, until `ttlMs` from now
   * by the database's clock (one clock for every process, whatever their hosts' clocks say). False when another
   * owner holds a lease that has not run out.
   */
  takeSourceLease(sourceId: number, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up when `owner` holds it, so another process may take the source at once. */
  releaseSourceLease(sourceId: number, owner: string): Promise<void>;
  /** Who holds the lease on a source now, or null when nobody holds an unexpired one. */
  sourceLeaseOwner(sourceId: number): Promise<string | null>;
  /**
   * Claims a request at `now` under a rate-limit key, in one atomic step across processes: when `spacingMs` has
   * passed since the last recorded request it records `now` and returns 0; otherwise it records nothing and
   * returns how many milliseconds are left to wait.
   */
  claimRateSlot(key: string, spacingMs: number, now: number): Promise<number>;
}
