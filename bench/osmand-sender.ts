import autocannon from 'autocannon';

/**
 * Child-process side of the OsmAnd bench: autocannon sends single-position requests for `seconds` over
 * `connections` keep-alive connections, each request a new fix (its own time) of one of `devices` phones, and
 * reports how many were answered. A process of its own, so the senders' CPU is not the hub's. By duration, not by
 * count: autocannon ends a run on its one-second ticks, so a count would be timed to the next whole second.
 */
export interface SendJob {
  url: string;
  seconds: number;
  connections: number;
  devices: number;
  /** The sender's secret, for the hub; the bare server ignores it. */
  token: string;
}

export type SendReply =
  | { ok: true; requests: number; seconds: number; non2xx: number; errors: number }
  | { ok: false; error: string };

const T0 = 1_700_000_000;
let seq = 0;

function send(job: SendJob): Promise<SendReply> {
  return new Promise((resolve) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              const s = ++seq;
              const q =
                `id=phone-${s % job.devices}&timestamp=${T0 + s}&lat=${45 + (s % 1000) / 1e4}` +
                `&lon=${7 + (s % 777) / 1e4}&speed=12.5&bearing=${s % 360}&altitude=250&accuracy=5&batt=80` +
                `&token=${job.token}`;
              return { ...req, path: `/ingest/osmand?${q}` };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return resolve({ ok: false, error: String(err) });
        resolve({
          ok: true,
          requests: result.requests.total,
          seconds: result.duration,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
  });
}

process.on('message', (job: SendJob) => {
  void send(job).then((reply) => process.send!(reply));
});
