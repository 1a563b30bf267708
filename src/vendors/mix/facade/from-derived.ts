import type { StoredTrip } from '../../../model/derived.ts';
import type { StoredPosition } from '../../../model/records.ts';
import type { MixPosition, MixTrip } from '../wire/trip.ts';

/**
 * The SystemType of trips Trackway derived itself: the MiX product the document's fleet users are on. Imported
 * trips keep the one MiX gave them.
 */
export const DERIVED_SYSTEM_TYPE = 'FleetManager';

const km = (metres: number | null, digits: number) =>
  metres == null ? null : Math.round((metres / 1000) * 10 ** digits) / 10 ** digits;

/**
 * A trip Trackway derived, as a MiX Trip: the vehicle id is the device's stable id, units are MiX's (km), and
 * the start and end positions are the stored fixes the trip begins and ends at. No driver: Trackway knows none.
 */
export function derivedTrip(
  t: StoredTrip,
  start: StoredPosition | null,
  end: StoredPosition | null,
): MixTrip {
  const vehicleId = String(t.deviceId);
  return {
    SystemType: DERIVED_SYSTEM_TYPE,
    VehicleId: vehicleId,
    ReceivedTimestamp: end?.receivedTime ?? null,
    TripType: 'Unknown',
    StartTimestamp: t.startTime,
    StartPosition: position(vehicleId, t.startTime, t.startLat, t.startLon, start),
    EndTimestamp: t.endTime,
    EndPosition: position(vehicleId, t.endTime, t.endLat, t.endLon, end),
    Distance: km(t.distance, 6),
    EndOdometer: km(t.endOdometer, 3),
    MaxSpeed: t.maxSpeed,
    OverSpeedingCount: t.overspeedCount,
    MaxAcceleration: t.maxAcceleration,
    HarshAccelerationCount: t.harshAccelerationCount,
    MaxDeceleration: t.maxBraking,
    HarshBrakingCount: t.harshBrakingCount,
  };
}

function position(
  vehicleId: string,
  time: number,
  lat: number,
  lon: number,
  p: StoredPosition | null,
): MixPosition {
  const driver = p?.attributes.driverId;
  const age = p?.attributes.age;
  return {
    SystemType: DERIVED_SYSTEM_TYPE,
    VehicleId: vehicleId,
    DeviceTimestamp: time,
    ReceivedTimestamp: p?.receivedTime ?? null,
    DriverId: typeof driver === 'string' ? driver : null,
    Odometer: km(p?.odometer ?? null, 3),
    Longitude: lon,
    Latitude: lat,
    Speed: p?.speed ?? null,
    Heading: p?.course ?? null,
    Altitude: p?.altitude ?? null,
    Hdop: p?.hdop ?? null,
    Vdop: p?.vdop ?? null,
    Pdop: p?.pdop ?? null,
    Satellites: p?.satellites ?? null,
    Age: typeof age === 'number' ? age : null,
  };
}
