import { getDistance } from 'geolib';
import type { Storage } from '../../../storage/storage.ts';

/**
 * How far a base station is taken to reach, per coverage mode of the document (OUTDOOR: max link budget; INDOOR
 * and UNDERGROUND with margins). Rough figures for rural and suburban Sigfox coverage.
 */
const REACH_M = { OUTDOOR: 30_000, INDOOR: 10_000, UNDERGROUND: 3_000 } as const;
const SCAN_DEVICES = 1000;
const SCAN_POSITIONS = 500;

/**
 * An estimate from what Trackway has seen, not the network's coverage map: the distinct base stations that
 * received messages whose geolocated position lies within reach of the point (0 none … 3 three or more).
 */
export async function redundancy(
  storage: Storage,
  scope: string,
  lat: number,
  lng: number,
  mode: keyof typeof REACH_M,
): Promise<number> {
  const stations = new Set<string>();
  const devices = await storage.listDevices({ scope, limit: SCAN_DEVICES });
  for (const d of devices.items) {
    const positions = await storage.listPositions({ deviceId: d.id, order: 'desc', limit: SCAN_POSITIONS });
    const near = positions.items.filter(
      (p) =>
        p.messageId != null && getDistance({ lat, lon: lng }, { lat: p.lat, lon: p.lon }) <= REACH_M[mode],
    );
    if (!near.length) continue;
    const ids = new Set(near.map((p) => p.messageId));
    const from = Math.min(...near.map((p) => p.fixTime));
    const to = Math.max(...near.map((p) => p.fixTime)) + 1;
    const messages = await storage.listMessages({ deviceId: d.id, from, to, limit: 5000 });
    for (const m of messages.items) if (ids.has(m.id) && m.radio.station) stations.add(m.radio.station);
    if (stations.size >= 3) return 3;
  }
  return stations.size;
}
