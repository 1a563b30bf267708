/**
 * Consumers of the commit order (derivation, event webhooks): each follows `sync` from a cursor kept in the
 * database, so a restart resumes where it stopped, and holds a lease, so that of several processes sharing one
 * database exactly one follows a given consumer at a time.
 */
export interface ConsumerStorage {
  /** The sync cursor past everything committed so far (a new consumer starts there rather than at the start). */
  syncHead(): Promise<string>;
  /** The consumer's saved cursor, or null when it never saved one. */
  consumerCursor(name: string): Promise<string | null>;
  /**
   * Takes the consumer's lease for `owner`, or extends it when `owner` holds it already, until `ttlMs` from now;
   * false when another owner holds a lease that has not run out.
   */
  takeConsumerLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseConsumerLease(name: string, owner: string): Promise<void>;
  /** Saves the cursor when `owner` holds the lease; false otherwise (the lease ran out and was taken over). */
  saveConsumerCursor(name: string, owner: string, cursor: string): Promise<boolean>;
}
