import type { CommitSignal } from '../storage/lifecycle.ts';
import type { Storage, SyncRecord } from '../storage/storage.ts';
import type { LiveHub, LiveMessage } from './hub.ts';

const PAGE = 500;
/** A catch-up read even without a notification: one lost while the listening connection was down, say. */
const POLL_MS = 5_000;
/**
 * Reads start at most this often: under a stream of commits every process would otherwise read after each one.
 * It is also the most a commit waits for its live delivery beyond the read itself.
 */
const MIN_GAP_MS = 25;

/**
 * The live stream when several processes share one database (PostgreSQL): every process must show every commit,
 * whichever process made it. A commit only sends a signal (`CommitSignal`); each process, woken by it, reads what
 * is new through the exact sync cursor and publishes it into its own LiveHub, which filters by each subscriber's
 * scope. Reading the cursor instead of trusting signals means a lost or coalesced one delays a record, never
 * drops it, and each record is published once, in commit order.
 */
export class SharedLiveFeed {
  private cursor: string | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private lastRead = 0;
  private pending: NodeJS.Timeout | null = null;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly signal: CommitSignal,
    private readonly live: LiveHub,
    private readonly onError: (err: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.cursor = await this.storage.syncHead();
    // The second callback runs after every (re)connection of the listener: catch up on what it missed.
    this.unlisten = await this.signal.listen(
      () => this.wake(),
      () => this.wake(),
    );
    this.poll = setInterval(() => this.wake(), POLL_MS);
  }

  /** The pipeline's commit hook: tell every process (this one too) that something was committed. */
  notify = (): void => {
    this.signal.notify().catch(this.onError);
  };

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.pending) clearTimeout(this.pending);
    await this.unlisten?.().catch(this.onError);
    await this.draining;
  }

  private wake(): void {
    if (this.stopped || this.cursor === null) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    const wait = this.lastRead + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.pending ??= setTimeout(() => {
        this.pending = null;
        this.wake();
      }, wait);
      return;
    }
    this.lastRead = Date.now();
    this.draining = this.drain()
      .catch(this.onError)
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      // Nobody watching: move to the head rather than read records nobody will see.
      if (!this.live.size) {
        this.cursor = await this.storage.syncHead();
        return;
      }
      const page = await this.storage.sync({ scope: '/', after: this.cursor, limit: PAGE });
      await this.publish(page.records);
      this.cursor = page.next;
      if (page.records.length < PAGE) return;
    }
  }

  private async publish(records: SyncRecord[]): Promise<void> {
    const deviceIds = records.flatMap((r) => (r.kind === 'position' ? [r.record.deviceId] : []));
    const groupIds = records.flatMap((r) => (r.kind === 'event' ? [r.record.groupId] : []));
    const [devicePaths, groupPaths] = await Promise.all([
      // Read for every page, not cached: a device may move to another group, and its next position must not
      // reach the old group's listeners.
      this.storage.devicePaths([...new Set(deviceIds)]),
      this.groupPaths(groupIds),
    ]);
    for (const r of records) {
      let message: LiveMessage | null = null;
      if (r.kind === 'position') {
        const groupPath = devicePaths.get(r.record.deviceId);
        if (groupPath) message = { kind: 'position', groupPath, record: r.record };
      } else if (r.kind === 'event') {
        const groupPath = groupPaths.get(r.record.groupId);
        if (groupPath) message = { kind: 'event', groupPath, record: r.record };
      }
      if (message) this.live.publish(message);
    }
  }

  private async groupPaths(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return this.storage.groupPaths(unique);
  }
}
