import { randomUUID } from 'node:crypto';
import type { CommitOrder, Storage, SyncPage, SyncRecord } from '../storage/storage.ts';

export interface CommitFollowerOptions {
  storage: Storage;
  /** The consumer's name: its cursor and lease in the database. */
  name: string;
  /** Handles one page of committed records, in commit order; the cursor moves past them once it resolves. */
  handle: (records: SyncRecord[]) => Promise<void>;
  pageSize?: number;
  /** How often to look for records committed by other processes, or left over by a failed round. */
  pollMs?: number;
  leaseMs?: number;
  onError?: (err: unknown) => void;
  /** The kinds of record the consumer handles; the others are not read (see SyncQuery.kinds). */
  kinds?: readonly SyncRecord['kind'][];
}

/**
 * Offered commits waiting for the follower: at most this many records (about 5 MB of positions) and this many
 * commits. Past either, new offers are refused: a follower that lags needs the oldest first.
 */
const OFFERED_RECORDS_KEPT = 10_000;
const OFFERS_KEPT = 256;

/**
 * Follows the commit order (the storage `sync` API) from a cursor kept in the database and hands each page to a
 * consumer, moving the cursor only after the consumer is done: a crash or a failure means the page is handled
 * again, never skipped, so consumers must be idempotent. Of several processes sharing one database, the one
 * holding the consumer's lease follows; the others take over when its lease runs out.
 */
export class CommitFollower {
  private readonly owner = randomUUID();
  private readonly o: Required<Omit<CommitFollowerOptions, 'kinds'>> & Pick<CommitFollowerOptions, 'kinds'>;
  private round: Promise<void> | null = null;
  private nextRound: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  /** Records committed in this process, by the cursor just before their commit (see offer). */
  private readonly offered = new Map<string, { to: string; records: SyncRecord[] }>();
  private offeredRecords = 0;

  constructor(options: CommitFollowerOptions) {
    this.o = { pageSize: 1000, pollMs: 1000, leaseMs: 60_000, onError: () => {}, ...options };
  }

  /**
   * A consumer seen for the first time starts after what is committed now rather than at the start of history.
   * Run before anything is committed for it (at start-up), so that nothing committed later is passed over.
   */
  async init(): Promise<void> {
    const { storage, name } = this.o;
    if (!(await storage.takeConsumerLease(name, this.owner, this.o.leaseMs))) return;
    if ((await storage.consumerCursor(name)) == null)
      await storage.saveConsumerCursor(name, this.owner, await storage.syncHead());
  }

  /** Polls for work; the first round picks up whatever a previous process left unhandled. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.timer = null;
      void this.catchUp()
        .catch(this.o.onError)
        .then(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
        });
    };
    tick();
  }

  /** Starts a round soon, without waiting for it. */
  wake(): void {
    this.catchUp().catch(this.o.onError);
  }

  /**
   * Resolves once a round begun after this call has ended: everything committed before the call is handled, when
   * this process holds the lease. Calls during a round share one next round.
   */
  catchUp(): Promise<void> {
    if (!this.round) {
      const round = this.run().finally(() => {
        if (this.round === round) this.round = null;
      });
      this.round = round;
      return round;
    }
    this.nextRound ??= this.round
      .catch(() => {})
      .then(() => {
        this.nextRound = null;
        return this.catchUp();
      });
    return this.nextRound;
  }

  /**
   * Hands the follower the records of a commit made in this process, with the commit's place in the order, so
   * that a round starting at `order.from` takes them from memory instead of reading them back from the database.
   * Only what the consumer handles need be given (a derivation follower takes positions); a commit with none of
   * those is offered all the same, since it moves the cursor. Anything not offered, or dropped here, is read
   * from the database as before, so a missed offer costs a read and never a record.
   */
  offer(order: CommitOrder, records: SyncRecord[]): void {
    if (this.offered.size >= OFFERS_KEPT || this.offeredRecords + records.length > OFFERED_RECORDS_KEPT)
      return;
    this.offered.set(order.from, { to: order.to, records });
    this.offeredRecords += records.length;
  }

  /** Ends polling, waits for the round in progress and gives the lease up for another process. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([this.round, this.nextRound]);
    await this.o.storage.releaseConsumerLease(this.o.name, this.owner);
  }

  private async run(): Promise<void> {
    const { storage, name, pageSize } = this.o;
    for (;;) {
      // Renewed per page, so a long catch-up keeps the lease it works under.
      if (!(await storage.takeConsumerLease(name, this.owner, this.o.leaseMs))) return;
      const after = (await storage.consumerCursor(name)) ?? (await storage.syncHead());
      const offered = this.takeOffered(after);
      const page =
        offered ?? (await storage.sync({ scope: '/', after, limit: pageSize, kinds: this.o.kinds }));
      if (page.records.length) await this.o.handle(page.records);
      if (page.next !== after && !(await storage.saveConsumerCursor(name, this.owner, page.next))) return;
      // Offers end where this process's commits end: whatever came after them is read from the database.
      if (offered ? page.next === (await storage.syncHead()) : page.records.length < pageSize) return;
    }
  }

  /**
   * The offered commits that follow `after` without a gap, up to a page: a commit of another process in between
   * breaks the chain, and the rest is read from the database. Taken commits are forgotten, so a failed page is
   * read back from the database when it is handled again.
   */
  private takeOffered(after: string): SyncPage | null {
    const records: SyncRecord[] = [];
    let next = after;
    for (let o = this.offered.get(next); o; o = this.offered.get(next)) {
      if (records.length && records.length + o.records.length > this.o.pageSize) break;
      this.offered.delete(next);
      this.offeredRecords -= o.records.length;
      records.push(...o.records);
      next = o.to;
    }
    if (next !== after) return { records, next };
    // A miss: what is kept was passed by reads from the database (offers refused while full, or a page that
    // ended inside a commit) and will never match; forgetting it lets new offers in.
    this.offered.clear();
    this.offeredRecords = 0;
    return null;
  }
}
