import { randomUUID } from 'node:crypto';
import { backoffDelay, type BackoffPolicy } from '../ingest/backoff.ts';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Delivery, DeliveryOutcome } from '../storage/deliveries.ts';
import type { Storage } from '../storage/storage.ts';
import type { ChannelConfig, DeliveryPayload } from './request.ts';
import { createMailer, sendHttp, type Attempt, type SmtpSettings } from './send.ts';

export interface DeliveryWorkerOptions {
  storage: Storage;
  smtp?: SmtpSettings | null;
  /** Attempts before a delivery fails for good. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  timeoutMs?: number;
  /** Deliveries claimed per round. */
  batchSize?: number;
  pollMs?: number;
  now?: () => number;
  random?: () => number;
  /** A callback just turned dead: its last delivery failed for good. */
  onDead?: (callback: OutgoingCallback, delivery: Delivery) => void | Promise<void>;
  /** An attempt ended: sent, failed (to be retried), or dead (failed for good); for the metrics. */
  onAttempt?: (callback: OutgoingCallback | null, result: AttemptResult) => void;
  onError?: (err: unknown) => void;
}

export type AttemptResult = 'sent' | 'failed' | 'dead';

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 10_000, factor: 3, maxMs: 3_600_000 };

/**
 * Sends queued deliveries: claims due ones (any number of processes may run a worker on one database), sends
 * them, and records each outcome: delivered, retry after a backoff, or failed, which marks the callback dead.
 * Batch URL deliveries claimed together for one callback go out as one request, a line each.
 */
export class DeliveryWorker {
  private readonly owner = `delivery-${randomUUID()}`;
  private readonly o: Required<Omit<DeliveryWorkerOptions, 'smtp' | 'onDead' | 'onAttempt'>> &
    Pick<DeliveryWorkerOptions, 'onDead' | 'onAttempt'>;
  private readonly mailer;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(options: DeliveryWorkerOptions) {
    this.o = {
      maxAttempts: 5,
      backoff: DEFAULT_BACKOFF,
      timeoutMs: 10_000,
      batchSize: 50,
      pollMs: 1000,
      now: Date.now,
      random: Math.random,
      onError: () => {},
      ...options,
    };
    this.mailer = createMailer(options.smtp ?? null);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a round now rather than at the next poll (after queuing deliveries). */
  wake(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /** Waits for the round in progress; claims left unfinished run out and are taken up again. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    this.mailer.close();
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce()
        .catch((err) => {
          this.o.onError(err);
          return 0;
        })
        .then((n) => {
          this.running = null;
          if (!this.stopped) this.schedule(n === this.o.batchSize ? 0 : this.o.pollMs);
        });
    }, ms);
  }

  /** One round: claims due deliveries and sends them. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const { storage, batchSize } = this.o;
    const claimMs = this.o.timeoutMs * 3 + 5000;
    const claimed = await storage.claimDeliveries(this.owner, batchSize, claimMs, this.o.now());
    const groups = new Map<string, Delivery[]>();
    for (const d of claimed) {
      const request = (JSON.parse(d.payload) as DeliveryPayload).request;
      const key = request.channel === 'batch-url' ? `batch:${d.callbackId}:${request.url}` : `one:${d.id}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    await Promise.all([...groups.values()].map((g) => this.deliver(g)));
    return claimed.length;
  }

  private async deliver(group: Delivery[]): Promise<void> {
    const first = group[0]!;
    const callback = await this.o.storage.getCallback(first.callbackId);
    let attempt: Attempt;
    if (!callback || !callback.enabled) {
      attempt = { ok: false, status: null, reason: 'the callback was disabled or deleted', retryable: false };
    } else {
      attempt = await this.send(callback, group);
    }
    for (const d of group) await this.finish(callback, d, attempt);
  }

  private async send(callback: OutgoingCallback, group: Delivery[]): Promise<Attempt> {
    const config = callback.config as ChannelConfig;
    const requests = group.map((d) => (JSON.parse(d.payload) as DeliveryPayload).request);
    const r = requests[0]!;
    const now = this.o.now();
    switch (r.channel) {
      case 'email':
        return this.mailer.send({ to: r.recipient, subject: r.subject, text: r.message });
      case 'batch-url': {
        const body = requests.map((x) => (x.channel === 'batch-url' ? x.line : '')).join('\n');
        const req = { method: 'POST', url: r.url, headers: {}, body, contentType: 'text/plain' } as const;
        return sendHttp(req, config.signingSecret ?? null, this.o.timeoutMs, now);
      }
      default:
        return sendHttp(r, config.signingSecret ?? null, this.o.timeoutMs, now);
    }
  }

  private async finish(callback: OutgoingCallback | null, d: Delivery, a: Attempt) {
    const now = this.o.now();
    let outcome: DeliveryOutcome;
    if (a.ok) outcome = { status: 'delivered', httpStatus: a.status };
    else if (a.retryable && d.attempts < maxAttempts(callback, this.o.maxAttempts)) {
      const nextAttemptAt = now + backoffDelay(this.o.backoff, d.attempts, this.o.random);
      outcome = { status: 'retry', nextAttemptAt, httpStatus: a.status, reason: a.reason };
    } else outcome = { status: 'failed', httpStatus: a.status, reason: a.reason };
    if (!(await this.o.storage.finishDelivery(d.id, this.owner, outcome, now))) return;
    this.o.onAttempt?.(
      callback,
      outcome.status === 'delivered' ? 'sent' : outcome.status === 'retry' ? 'failed' : 'dead',
    );
    if (!callback) return;
    // The document: a callback is dead when its last use failed; a success brings it back. A device type's
    // (Sigfox-style) callback is dead as soon as an attempt fails, its retries going on (document 004: "true if
    // last use of the callback fails"); an event webhook only once a delivery failed for good, as a dead webhook
    // gets nothing new queued.
    const lastUseFailed = outcome.status === 'failed' || (!a.ok && callback.deviceTypeId != null);
    if (lastUseFailed && callback.enabled && !callback.dead) {
      callback.dead = true;
      await this.o.storage.updateCallback(callback.id, { dead: true });
      await this.o.onDead?.(callback, { ...d, status: 'failed', lastStatus: a.status, lastReason: a.reason });
    } else if (outcome.status === 'delivered' && callback.dead) {
      callback.dead = false;
      await this.o.storage.updateCallback(callback.id, { dead: false });
    }
  }
}

/** A callback may ask for more (or fewer) attempts than the worker's default: event webhooks retry for hours. */
function maxAttempts(callback: OutgoingCallback | null, fallback: number): number {
  const own = (callback?.config as ChannelConfig | undefined)?.maxAttempts;
  return typeof own === 'number' && own >= 1 ? own : fallback;
}
