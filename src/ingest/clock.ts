/** Time as the runtime sees it; tests pass a fake one so that minutes of schedule take milliseconds. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (the caller checks why it woke). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    });
  },
};
