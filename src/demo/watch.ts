import type { DemoHub } from '../vendors/vendor.ts';

interface Device {
  id: number;
  name: string;
  typeId: number | null;
  state: string;
  externalIds: { vendor: string }[];
}
type Page<T> = { items: T[] };

/** What a newcomer should see arrive, each told once, as the hub's API shows it. */
export interface Milestones {
  /** Names of what has arrived, e.g. `spot`, `trip`, `sos`. */
  readonly seen: ReadonlySet<string>;
  /** Checks the API once and tells what is new. */
  check(): Promise<void>;
}

/** Milestones of the demo: devices of each vendor, a trip, an SOS, a place entered, a decoded payload, silence. */
export function watchMilestones(
  hub: DemoHub,
  vendors: readonly string[],
  say: (line: string) => void,
  since: number,
): Milestones {
  const seen = new Set<string>();
  const tell = (key: string, line: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    say(line);
  };
  const eventOf = async (type: string) =>
    (await hub.api<Page<{ deviceId: number }>>('GET', `/api/v1/events?type=${type}&limit=1`)).items[0];
  return {
    seen,
    async check() {
      const devices = (await hub.api<Page<Device>>('GET', '/api/v1/devices?limit=500')).items;
      const name = (id: number) => devices.find((d) => d.id === id)?.name ?? `device ${id}`;
      for (const vendor of vendors) {
        const own = devices.filter((d) => d.externalIds.some((e) => e.vendor === vendor));
        if (own.length) tell(vendor, `${vendor}: ${own.map((d) => d.name).join(', ')}`);
      }
      const trips = await hub.api<Page<{ deviceId: number }>>(
        'GET',
        `/api/v1/reports/trips?from=${since - 2 * 3_600_000}&to=${Date.now() + 60_000}`,
      );
      if (trips.items[0]) tell('trip', `a trip of ${name(trips.items[0].deviceId)} is forming`);
      const sos = await eventOf('sos');
      if (sos) tell('sos', `SOS from ${name(sos.deviceId)}`);
      const enter = await eventOf('place-enter');
      if (enter) tell('place-enter', `${name(enter.deviceId)} entered a place`);
      const silent = await eventOf('device-silent');
      if (silent) tell('device-silent', `${name(silent.deviceId)} went silent ("Silent" in the device list)`);
      if (!seen.has('decoded')) {
        for (const device of devices.filter((d) => d.typeId !== null)) {
          const messages = await hub.api<Page<{ decoded: unknown }>>(
            'GET',
            `/api/v1/devices/${device.id}/messages?limit=1&order=desc`,
          );
          const decoded = messages.items[0]?.decoded;
          if (decoded) tell('decoded', `${device.name} payload decoded: ${JSON.stringify(decoded)}`);
        }
      }
    },
  };
}
