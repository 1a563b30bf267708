import type { Storage } from '../storage/storage.ts';
import type { Clock } from './clock.ts';

/**
 * Spaces requests to one vendor across all its sources (SPOT asks for 2 s between any two feed requests). The
 * stamp lives in storage and is written before the request goes out, so a request right before a crash still
 * counts and a restarted process waits from it. Callers of one key pass in turn, in this process.
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
      const last = await this.storage.getRateStamp(key);
      const wait = last == null ? 0 : last + spacingMs - this.clock.now();
      if (wait <= 0) break;
      await this.clock.sleep(wait, signal);
    }
    const time = this.clock.now();
    await this.storage.setRateStamp(key, time);
    return time;
  }
}
