import { randomUUID } from 'node:crypto';
import type { MixPosition, MixTrip } from '../wire/trip.ts';

export interface FleetOptions {
  /** How many vehicles, or their ids. */
  vehicles: number | string[];
  /** Where the fleet drives; default Frankfurt, as in document 003's CSV example. */
  centre?: { lat: number; lon: number };
  systemType?: string;
}

/**
 * Trips as a MiX fleet reports them: each vehicle with a driver, driving from where its last trip ended, its
 * odometer growing with the distance. Trips end at the time they are made, as MiX reports a trip once it ends.
 */
export class TripGenerator {
  readonly vehicles: { id: string; driverId: string; lat: number; lon: number; odometer: number }[];
  private next = 0;

  constructor(private readonly options: FleetOptions) {
    const ids =
      typeof options.vehicles === 'number'
        ? Array.from({ length: options.vehicles }, () => randomUUID())
        : options.vehicles;
    const centre = options.centre ?? { lat: 50.19679, lon: 8.667021 };
    this.vehicles = ids.map((id, i) => ({
      id,
      driverId: randomUUID(),
      lat: centre.lat + (i % 10) * 0.01,
      lon: centre.lon + Math.floor(i / 10) * 0.01,
      odometer: 10_000 + i * 100,
    }));
  }

  /** One trip per vehicle in turn, ending at `end` (ms) after `minutes` of driving. */
  trip(end: number, received: number, minutes = 12): MixTrip {
    const v = this.vehicles[this.next++ % this.vehicles.length]!;
    const start = end - minutes * 60_000;
    const km = Math.round(minutes * 0.8 * 1000) / 1000;
    const from = this.position(v, start, received);
    v.lat = Math.round((v.lat + km / 222) * 1e6) / 1e6;
    v.odometer = Math.round((v.odometer + km) * 100) / 100;
    const to = this.position(v, end, received);
    return {
      SystemType: this.options.systemType ?? 'FleetManager',
      VehicleId: v.id,
      ReceivedTimestamp: received,
      TripType: 'Unknown',
      DriverId: v.driverId,
      StartTimestamp: start,
      StartPosition: from,
      EndTimestamp: end,
      EndPosition: to,
      Distance: km,
      EndOdometer: v.odometer,
      MaxSpeed: 50 + (this.next % 40),
      OverSpeedingCount: 0,
      MaxAcceleration: 1.5,
      HarshAccelerationCount: 0,
      MaxDeceleration: 2.5,
      HarshBrakingCount: 0,
    };
  }

  private position(
    v: { id: string; driverId: string; lat: number; lon: number; odometer: number },
    at: number,
    received: number,
  ): MixPosition {
    return {
      SystemType: this.options.systemType ?? 'FleetManager',
      VehicleId: v.id,
      DeviceTimestamp: at,
      ReceivedTimestamp: received,
      DriverId: v.driverId,
      Odometer: v.odometer,
      Longitude: v.lon,
      Latitude: v.lat,
      Speed: 0,
      Heading: 0,
      Altitude: 120,
      Hdop: 1,
      Vdop: 1,
      Pdop: 1,
      Satellites: 9,
      Age: 0,
    };
  }
}
