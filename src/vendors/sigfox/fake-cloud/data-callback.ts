import type { Frame } from './simulated-device.ts';
import { linkQuality } from './views.ts';

/**
 * A URL callback of the device types (document 004, channel URL, POST, `application/json`), as a user defines it
 * in the backend: the URL and headers carry whatever the receiving side needs (a secret in the query string or a
 * header); the fake backend knows nothing of it.
 */
export interface DataCallbackConfig {
  url: string;
  headers?: Record<string, string>;
  /** Also send the network's geolocation of each frame (a DATA_ADVANCED callback) to the same URL. */
  geolocation?: boolean;
}

export interface CallbackOutcome {
  kind: 'DATA' | 'GEOLOCATION';
  device: string;
  seqNumber: number;
  /** The HTTP status, or 600 when no response came (the document's code for it). */
  status: number;
}

/** The body of a DATA UPLINK callback whose template names the usual variables. */
export function dataCallbackBody(f: Frame, avgSnr: number) {
  const station = f.rinfos.reduce((a, b) => (b.snr > a.snr ? b : a));
  return {
    device: f.device,
    deviceTypeId: f.typeId,
    time: f.time,
    data: f.data,
    seqNumber: f.seqNumber,
    snr: f.snr,
    rssi: f.rssi,
    avgSnr,
    station: station.tap,
    lat: station.lat,
    lng: station.lng,
    linkQuality: linkQuality(f.snr),
    duplicate: false,
    ack: false,
  };
}

/** The body of a geolocation callback: the frame's identity and the network's computed location; null when none. */
export function geolocationCallbackBody(f: Frame) {
  const l = f.location;
  if (!l.valid) return null;
  return {
    device: f.device,
    time: f.time,
    seqNumber: f.seqNumber,
    // Source 2 is a fix from the payload (GPS); 1 the network's own RSSI estimate. Status 1: a location was found.
    computedLocation: { lat: l.lat, lng: l.lng, radius: l.radius, source: l.radius === 0 ? 2 : 1, status: 1 },
  };
}

/** Sends one callback; the outcome never carries the URL, which may hold a secret. */
export async function sendCallback(config: DataCallbackConfig, body: object): Promise<{ status: number }> {
  try {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...config.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return { status: res.status };
  } catch {
    return { status: 600 };
  }
}
