/**
 * A deterministic fleet: `clients` gateways, each sending batches of its own vehicles' positions in fix-time
 * order, round-robin over its vehicles, one fix every 10 s per vehicle. With the default 4 clients that is 10,000
 * vehicles, each reporting once every 10 batches: every batch holds 1,000 different devices, as a large fleet's
 * traffic does. The HTTP client and the raw baselines build the same rows from here.
 */
export const BATCH_SIZE = 1000;
export const DEVICES_PER_CLIENT = 2500;
/** Warm-up batches per client: enough for every vehicle to report once, so device creation stays untimed. */
export const WARMUP_BATCHES_PER_CLIENT = Math.ceil(DEVICES_PER_CLIENT / BATCH_SIZE);
export const VENDOR = 'bench';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const FIX_INTERVAL_MS = 10_000;

export interface Fix {
  device: number;
  fixTime: number;
  lat: number;
  lon: number;
  altitude: number;
  speed: number;
  course: number;
  hdop: number;
  satellites: number;
  odometer: number;
  ignition: boolean;
  motion: boolean;
  inputs: number;
  power: number;
  attributes: { fuel: number; driver: string };
}

export const externalId = (device: number) => `veh-${String(device).padStart(4, '0')}`;

/** The `local`-th batch of client `client`; each client owns its own vehicles, numbered globally. */
export function batchFixes(client: number, local: number): Fix[] {
  const fixes: Fix[] = [];
  for (let j = 0; j < BATCH_SIZE; j++) {
    const seq = local * BATCH_SIZE + j;
    const device = client * DEVICES_PER_CLIENT + (seq % DEVICES_PER_CLIENT);
    fixes.push(fix(device, Math.floor(seq / DEVICES_PER_CLIENT)));
  }
  return fixes;
}

/**
 * Vehicles drive loops around their own depot (depots on a grid of about 1° × 1.5°), so coordinates and speeds vary as real tracks do. They never stop
 * (speed stays above 5 km/h): the worst case for late data, as there is no stop to resume derivation from.
 */
export function fix(device: number, step: number): Fix {
  const phase = step / 180 + device;
  const speed = Math.max(0, 45 + 40 * Math.sin(step / 37 + device));
  return {
    device,
    fixTime: START + step * FIX_INTERVAL_MS,
    lat: round(47.3 + (device % 100) * 0.01 + 0.02 * Math.sin(phase), 6),
    lon: round(8.5 + Math.floor(device / 100) * 0.015 + 0.03 * Math.cos(phase), 6),
    altitude: round(410 + 30 * Math.sin(phase * 3), 1),
    speed: round(speed, 1),
    course: round((((phase * 180) / Math.PI) % 360) + 90, 1) % 360,
    hdop: round(0.7 + (step % 7) * 0.1, 1),
    satellites: 7 + (step % 6),
    odometer: Math.round(step * 110 + device * 1e6),
    ignition: speed > 2,
    motion: speed > 5,
    inputs: step % 4,
    power: round(12.4 + (step % 10) * 0.05, 2),
    attributes: { fuel: 80 - (step % 60), driver: `d${device % 7}` },
  };
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** How a sender writes a fix on the wire: identity by vendor + external id, ISO 8601 time. */
export function wireRecord(f: Fix) {
  const { device, fixTime, ...fields } = f;
  return {
    vendor: VENDOR,
    externalId: externalId(device),
    fixTime: new Date(fixTime).toISOString(),
    valid: true,
    ...fields,
  };
}

/** A batch by its sender and its place in that sender's sequence. */
export interface BatchRef {
  client: number;
  local: number;
}

/** The first `perClient` batches of every client: they warm up caches and create the devices, untimed. */
export function warmupBatches(clients: number, perClient: number): BatchRef[] {
  const refs: BatchRef[] = [];
  for (let local = 0; local < perClient; local++)
    for (let client = 0; client < clients; client++) refs.push({ client, local });
  return refs;
}

/** The timed batches after the warm-up, dealt round-robin over the clients, in the order they are meant to land. */
export function timedBatches(clients: number, warmupPerClient: number, count: number): BatchRef[] {
  return Array.from({ length: count }, (_, k) => ({
    client: k % clients,
    local: warmupPerClient + Math.floor(k / clients),
  }));
}
