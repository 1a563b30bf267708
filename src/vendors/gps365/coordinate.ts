/**
 * One coordinate row as the Coordinates API answers it (document 002 §5.1, "Response data"). Every field but
 * the tracker, date and place is optional: "Availability depends on the hardware used".
 */
export interface Gps365Coordinate {
  tracker_id: number;
  /** When the tracker saved it. */
  date: string;
  latitude: number;
  longitude: number;
  /** km/h */
  speed?: number | null;
  /** 0 (north) clockwise to 360. */
  azimuth?: number | null;
  /** Metres above sea level, roughly. */
  altitude?: number | null;
  gsmsignal?: number | null;
  /** Millivolts. */
  powervoltage?: number | null;
  motion?: boolean | null;
  /** Metres since installation. */
  odometer?: number | null;
  mobile_country_id?: number | string | null;
  mobile_network_id?: number | string | null;
  /** When the server received it. */
  sendingdate?: string | null;
  /** analog1-4, temperature1-4, input1-8 (input1 = ignition), output1-8 and their `_duration`s. */
  [numbered: string]: unknown;
}

/** One tracker of `trackers/list` (document 002 §4.1). */
export interface Gps365Tracker {
  id: number;
  title: string;
  description: string | null;
  group: string;
  phone: string;
  imei: string;
  iccid: string;
  serial_number: string;
}

/** The envelope of every answer (document 002 §3). */
export interface Gps365Envelope {
  response: { status: 'success' | 'error'; code: number | string; message: string };
  result?: unknown;
  summary?: unknown;
}

export const GPS365_VENDOR = 'gps365';
export const ANALOGS = [1, 2, 3, 4] as const;
export const IO = [1, 2, 3, 4, 5, 6, 7, 8] as const;
