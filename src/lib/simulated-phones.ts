import type { LatLon } from './geodesy.ts';
import { SAMPLE_ROUTES, walkRoute, type RouteWalk } from './route-walk.ts';

/** What a simulated phone's GPS reports at one moment. */
export interface PhoneFix {
  /** Epoch milliseconds of the fix. */
  time: number;
  lat: number;
  lon: number;
  /** Degrees from north. */
  course: number;
  /** Metres per second. */
  speed: number;
  /** Metres. */
  accuracy: number;
  altitude: number;
  /** Percent. */
  battery: number;
}

export interface PhonesOptions {
  /** How many phones; each starts at its own place along the route. */
  phones: number;
  route?: readonly LatLon[];
  /** Default 1.4 m/s, a walk. */
  speedMps?: number;
  /** Real time between two reports of every phone; the timer is off without it (drive it with `tick`). */
  intervalMs?: number;
  /** Time between two fixes of one phone, in the simulation; default `intervalMs` (or a minute), real time. */
  stepMs?: number;
  /** Time of the first fix, epoch milliseconds; default now. */
  startMs?: number;
}

export interface SendOutcome {
  phone: number;
  time: number;
  /** The HTTP status, or 0 when no answer came. */
  status: number;
}

export interface SimulatedPhones {
  /** Every report sent, once answered, in order. */
  readonly outcomes: readonly SendOutcome[];
  /** Every phone reports its next fix; resolves once all are answered. */
  tick(): Promise<SendOutcome[]>;
  /** Stops the timer and waits for the reports in flight. */
  stop(): Promise<void>;
}

/**
 * Phones moving along a route and reporting their fixes, each report sent by `send` (which speaks one protocol
 * and answers the HTTP status). Reports of one tick go out together; ticks never overlap.
 */
export function simulatePhones(
  options: PhonesOptions,
  send: (phone: number, fix: PhoneFix) => Promise<number>,
): SimulatedPhones {
  const route = options.route ?? SAMPLE_ROUTES.walk;
  const speed = options.speedMps ?? 1.4;
  const stepMs = options.stepMs ?? options.intervalMs ?? 60_000;
  const startMs = options.startMs ?? Date.now();
  const length = walkRoute(route, speed).length;
  const walks: RouteWalk[] = Array.from({ length: options.phones }, (_, i) =>
    walkRoute(route, speed, (i * length) / options.phones),
  );
  const outcomes: SendOutcome[] = [];
  let step = 0;
  let running: Promise<SendOutcome[]> = Promise.resolve([]);
  let inFlight = 0;

  const report = async (phone: number, fix: PhoneFix): Promise<SendOutcome> => {
    let status = 0;
    try {
      status = await send(phone, fix);
    } catch {
      // No answer (status 0): the outcome says so; a simulated phone does not send the fix again.
    }
    const outcome = { phone, time: fix.time, status };
    outcomes.push(outcome);
    return outcome;
  };
  const tick = (): Promise<SendOutcome[]> => {
    inFlight++;
    running = running.then(() => {
      const elapsed = step++ * stepMs;
      return Promise.all(
        walks.map((walk, phone) => {
          const at = walk.at(elapsed);
          return report(phone, {
            time: startMs + elapsed,
            lat: at.lat,
            lon: at.lon,
            course: at.course,
            speed: at.speed,
            accuracy: 5 + ((phone * 7 + step) % 11),
            altitude: 140 + ((phone + step) % 9),
            battery: Math.max(5, 100 - Math.floor((step * stepMs) / 600_000)),
          });
        }),
      ).finally(() => inFlight--);
    });
    return running;
  };
  let timer: NodeJS.Timeout | null = null;
  if (options.intervalMs) {
    // A tick still running when the next is due: that one is skipped, as a phone skips a report while busy.
    timer = setInterval(() => {
      if (inFlight === 0) void tick();
    }, options.intervalMs);
  }
  return {
    outcomes,
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
