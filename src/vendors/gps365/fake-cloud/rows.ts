/** A coordinate row of the fake cloud, with every field of document 002 §5.1, and when the cloud received it. */
export interface CloudRow {
  trackerId: number;
  /** Tracker time, whole seconds. */
  date: number;
  /** Server time, whole seconds. */
  receivedAt: number;
  /** Insertion order, to keep sorting stable. */
  seq: number;
  fields: Record<string, unknown>;
}

/** Plausible telemetry for the n-th row of a tracker: a vehicle driving east with its ignition on. */
export function telemetry(trackerId: number, n: number): Record<string, unknown> {
  const moving = n % 10 !== 9;
  return {
    latitude: Math.round((48.164235 + (trackerId % 100) / 1000 + n * 1e-5) * 1e6) / 1e6,
    longitude: Math.round((16.189012 + n * 2e-5) * 1e6) / 1e6,
    speed: moving ? 40 + (n % 30) : 0,
    azimuth: (n * 7) % 360,
    altitude: 180 + (n % 20),
    gsmsignal: 20 + (n % 10),
    powervoltage: 12_400 + (n % 50),
    analog1: 1.25,
    analog2: 3.5 + (n % 3),
    temperature1: 21.5,
    temperature2: -18 + (n % 4),
    motion: moving,
    input1: true,
    input2: n % 2 === 0,
    input1_duration: 3_600 + n * 5,
    input2_duration: 100 + n,
    output1: false,
    output1_duration: 0,
    odometer: 100_000 + n * 55,
    mobile_country_id: 232,
    mobile_network_id: 1,
  };
}

/** A tracker as `trackers/list` describes it (document 002). */
export interface CloudTracker {
  id: number;
  title: string;
  description: string | null;
  group: string;
  phone: string;
  imei: string;
  iccid: string;
  serial_number: string;
}
