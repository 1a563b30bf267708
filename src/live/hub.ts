import type { PipelineBatch } from '../pipeline/batch.ts';
import type { StoredEvent, StoredPosition } from '../model/records.ts';

export type LiveMessage =
  | { kind: 'position'; groupPath: string; record: StoredPosition }
  | { kind: 'event'; groupPath: string; record: StoredEvent };

type Listener = (message: LiveMessage) => void;

/**
 * Fan-out of committed positions and events to live subscribers. Fed by the pipeline's commit hook, so nothing
 * reaches a subscriber before it is on disk; each subscriber sees only its own group subtree.
 */
export class LiveHub {
  private readonly subscribers = new Map<Listener, string>();
  private readonly enders = new Map<Listener, () => void>();

  /** `end` is called when the hub closes (shutdown), so the connection can finish cleanly. */
  subscribe(scope: string, listener: Listener, end: () => void): () => void {
    this.subscribers.set(listener, scope);
    this.enders.set(listener, end);
    return () => {
      this.subscribers.delete(listener);
      this.enders.delete(listener);
    };
  }

  /** Ends every subscription. */
  close(): void {
    for (const end of [...this.enders.values()]) end();
    this.subscribers.clear();
    this.enders.clear();
  }

  get size(): number {
    return this.subscribers.size;
  }

  publish(message: LiveMessage): void {
    for (const [listener, scope] of this.subscribers) {
      if (message.groupPath.startsWith(scope)) listener(message);
    }
  }

  /** The pipeline hook: one message per stored position and event of the batch. */
  publishBatch = (batch: PipelineBatch): void => {
    if (!this.subscribers.size) return;
    for (const item of batch.items) {
      const c = item.committed;
      if (!c || c.status === 'duplicate' || !item.groupPath) continue;
      // A merged position is published again, with the fields it gained.
      if (c.position) this.publish({ kind: 'position', groupPath: item.groupPath, record: c.position });
      if (c.status === 'accepted')
        for (const e of c.events) this.publish({ kind: 'event', groupPath: item.groupPath, record: e });
    }
  };
}
