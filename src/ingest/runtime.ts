import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Pipeline } from '../pipeline/pipeline.ts';
import { SourceLeaseLostError } from '../storage/coordination.ts';
import type { Storage } from '../storage/storage.ts';
import { systemClock, type Clock } from './clock.ts';
import { createHttpFetch } from './http.ts';
import { pickSource, runnable, type LeaseTerms } from './pick-source.ts';
import { RateGate } from './rate-gate.ts';
import type { ConnectorRegistry } from './registry.ts';
import { runPage, type PageDeps } from './run-page.ts';
import { dueAt } from './schedule.ts';

export interface IngestRuntimeOptions {
  storage: Storage;
  connectors: ConnectorRegistry;
  /** Defaults to the standard pipeline over `storage`; pass the server's one so commit hooks run. */
  pipeline?: Pipeline;
  clock?: Clock;
  /** Jitter source for backoff. */
  random?: () => number;
  httpTimeoutMs?: number;
  /** The fetch connectors' requests go through; Node's own by default. */
  fetch?: typeof fetch;
  /**
   * How often to look for sources added, enabled or reset since the last look, or left by a process that died:
   * a source moves to another process at most `leaseMs + rescanMs` after its holder stopped renewing.
   */
  rescanMs?: number;
  /** How long a source's lease lasts unless renewed; it is renewed every third of that while the source runs. */
  leaseMs?: number;
  /** This process's name on the leases it holds; unique per process by default. */
  owner?: string;
  /** Errors of the runtime itself (storage unreachable), not of a source: those go to the source's lastError. */
  onError?: (err: unknown) => void;
  /** A source failed, or works again after failing (besides its status, lastError and failures in storage). */
  onSourceChange?: PageDeps['onSourceChange'];
}

/** A pause after an error of the runtime itself, so that a broken database is not hammered. */
const ERROR_PAUSE_MS = 5_000;

/**
 * Runs every runnable pull source (./pick-source.ts), each in its own loop: wait until due, run a page, repeat.
 * `stop()` wakes every waiting loop, lets a page in flight commit, then resolves.
 */
export class IngestRuntime {
  private readonly storage: Storage;
  private readonly connectors: ConnectorRegistry;
  private readonly clock: Clock;
  private readonly rescanMs: number;
  private readonly lease: LeaseTerms;
  private readonly onError: (err: unknown) => void;
  private readonly deps: PageDeps;
  private readonly abort = new AbortController();
  private readonly workers = new Map<number, Promise<void>>();
  private supervisor: Promise<void> | null = null;
  /** Ends the supervisor's wait between scans early; `rescanNow` says a wake came while it was scanning. */
  private nap: AbortController | null = null;
  private rescanNow = false;

  constructor(options: IngestRuntimeOptions) {
    this.storage = options.storage;
    this.connectors = options.connectors;
    this.clock = options.clock ?? systemClock;
    this.rescanMs = options.rescanMs ?? 15_000;
    this.lease = {
      owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      ttlMs: options.leaseMs ?? 30_000,
    };
    this.onError = options.onError ?? ((err) => console.error('ingest runtime:', err));
    this.deps = {
      storage: this.storage,
      pipeline: options.pipeline ?? new Pipeline(this.storage),
      clock: this.clock,
      gate: new RateGate(this.storage, this.clock),
      fetch: createHttpFetch(options.httpTimeoutMs ?? 30_000, options.fetch),
      random: options.random ?? Math.random,
      leaseOwner: this.lease.owner,
      onSourceChange: options.onSourceChange,
    };
  }

  start(): void {
    if (this.supervisor || this.abort.signal.aborted) throw new Error('ingest runtime started twice');
    this.supervisor = this.supervise();
  }

  /** Looks for new or changed sources now rather than at the next scan, e.g. after one was created. */
  wake(): void {
    this.rescanNow = true;
    this.nap?.abort();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.supervisor;
    await Promise.all(this.workers.values());
  }

  private async supervise(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      this.rescanNow = false;
      try {
        await this.scan();
      } catch (err) {
        this.onError(err);
      }
      if (this.rescanNow) continue;
      this.nap = new AbortController();
      await this.clock.sleep(this.rescanMs, AbortSignal.any([signal, this.nap.signal]));
      this.nap = null;
    }
  }

  /** Starts a loop for each runnable source without one; shows disabled sources as such. */
  private async scan(): Promise<void> {
    for (const source of await this.storage.listSources('/')) {
      if (source.kind === 'pull' && !source.enabled && source.status !== 'disabled') {
        await this.storage.updateSource(source.id, { status: 'disabled', nextRunAt: null });
      }
      if (this.abort.signal.aborted || this.workers.has(source.id) || !runnable(source, this.connectors)) {
        continue;
      }
      const worker = this.work(source.id).finally(() => this.workers.delete(source.id));
      this.workers.set(source.id, worker);
    }
  }

  /**
   * One source's loop, while this process holds the source's lease. It ends when the source is no longer
   * runnable or its lease is held elsewhere (a rescan tries again), when the lease is lost, or on stop.
   */
  private async work(id: number): Promise<void> {
    // Stops this loop alone when the lease is lost, and with every other loop when the runtime stops.
    const held = new AbortController();
    const stopAll = () => held.abort();
    this.abort.signal.addEventListener('abort', stopAll, { once: true });
    const { signal } = held;
    let heartbeat: NodeJS.Timeout | null = null;
    let renewal: Promise<void> = Promise.resolve();
    let continuing = false;
    try {
      while (!signal.aborted) {
        try {
          const picked = await pickSource(this.storage, id, this.connectors, this.lease);
          if (!picked) return;
          // Renewed on a timer, not per loop: a wait or a page in flight may outlast the lease.
          heartbeat ??= setInterval(() => {
            renewal = renewal.then(() => this.renew(id, held));
          }, this.lease.ttlMs / 3);
          const { source, connector } = picked;
          const wait = dueAt(source, connector.rates, continuing) - this.clock.now();
          if (wait > 0) {
            // A process that died mid-request, or a re-enabled source, would otherwise show a stale status.
            const waiting = source.status === 'backoff' ? 'backoff' : 'idle';
            if (source.status !== waiting) await this.storage.updateSource(id, { status: waiting });
            await this.clock.sleep(wait, signal);
            continue;
          }
          continuing = (await runPage(this.deps, source, connector, signal)) === true;
        } catch (err) {
          // Another process took the source while this one stalled: it carries on there.
          if (err instanceof SourceLeaseLostError) return;
          this.onError(err);
          continuing = false;
          await this.clock.sleep(ERROR_PAUSE_MS, signal);
        }
      }
    } finally {
      this.abort.signal.removeEventListener('abort', stopAll);
      if (heartbeat) {
        clearInterval(heartbeat);
        // A renewal still in flight would take the lease back after the release.
        await renewal;
        // Handed over at once on an orderly stop, rather than when the lease runs out.
        await this.storage.releaseSourceLease(id, this.lease.owner).catch(this.onError);
      }
    }
  }

  /** Extends the lease; when another process has taken it (this one stalled past it), stops the loop. */
  private async renew(id: number, held: AbortController): Promise<void> {
    try {
      if (!(await this.storage.takeSourceLease(id, this.lease.owner, this.lease.ttlMs))) held.abort();
    } catch (err) {
      // The database may be back before the lease runs out; if not, the next renewal finds it taken.
      this.onError(err);
    }
  }
}
