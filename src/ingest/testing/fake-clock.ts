import type { Clock } from '../clock.ts';

interface Sleeper {
  wake: number;
  resolve: () => void;
}

/**
 * Virtual time for tests, so that minutes of schedule run in milliseconds. It moves only when the code under test
 * is idle: everyone sleeping, none of the work passed to `track` (HTTP) in flight. Then the earliest sleeper
 * wakes, with the clock set to its wake time. SQLite work is synchronous, so it never overlaps a tick.
 * `holdAt` keeps time from passing a point, so a test can act there.
 */
export class FakeClock implements Clock {
  private time: number;
  private horizon = Infinity;
  private busy = 0;
  private sleepers: Sleeper[] = [];

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** How many are waiting for time to pass. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      const sleeper: Sleeper = {
        wake: this.time + Math.max(0, ms),
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.schedule();
    });
  }

  /** Time stands still while `work` is pending. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.schedule();
    }
  }

  /** No sleeper wakes after `time`, until another `holdAt` moves the limit. */
  holdAt(time: number): void {
    this.horizon = time;
    this.schedule();
  }

  /** Runs after pending promise callbacks, so a sleeper woken by the previous tick is asleep or busy again. */
  private schedule(): void {
    setImmediate(() => this.tick());
  }

  private tick(): void {
    const next = this.sleepers.reduce<Sleeper | null>((a, s) => (a && a.wake <= s.wake ? a : s), null);
    if (this.busy || !next || next.wake > this.horizon) return;
    this.sleepers = this.sleepers.filter((s) => s !== next);
    this.time = Math.max(this.time, next.wake);
    next.resolve();
    this.schedule();
  }
}
