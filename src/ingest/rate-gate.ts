import type { Storage } from '../storage/storage.ts';
import type { Clock } from './clock.ts';

/**
 * Spaces requests to one vendor across all its sources (SPOT asks for 2 s between any two feed requests). The
 * slot is claimed in storage, atomically, before the request goes out: a request right before a crash still
 * counts, a restarted process waits from it, and processes sharing a database never both take the same slot.
 * Callers of one key pass in turn within this process, so they do not poll the database against each other.
 */
export class RateGate {
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** Waits until `spacingMs` has passed since the last request under `key`, records a request now and returns
   * its time; null when `signal` aborts first (no request may go out then). */
  pass(key: string, spacingMs: number, signal: AbortSignal): Promise<number | null> {
    const turn = (this.turns.get(key) ?? Promise.resolve()).then(() => this.wait(key, spacingMs, signal));
    this.turns.set(
      key,
      turn.catch(() => undefined),
    );
    return turn;
  }

  private async wait(key: string, spacingMs: number, signal: AbortSignal): Promise<number | null> {
    for (;;) {
      if (signal.aborted) return null;
      const now = this.clock.now();
      const wait = await this.storage.claimRateSlot(key, spacingMs, now);
      if (wait <= 0) return now;
      await this.clock.sleep(wait, signal);
    }
  }
}
