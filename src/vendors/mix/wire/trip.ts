/**
 * MiX's Trip and Position resources as document 003 shows them, keyed by the document's own field names so that
 * every wire format (JSON, XML, CSV) is one walk over the field lists below, in the document's order. Times are
 * UTC epoch milliseconds; the other values are MiX's (distance and odometer in km, speed in km/h).
 */
export interface MixPosition {
  SystemType?: string | null;
  VehicleId: string;
  DeviceTimestamp: number;
  ReceivedTimestamp?: number | null;
  DriverId?: string | null;
  Odometer?: number | null;
  Longitude: number;
  Latitude: number;
  Speed?: number | null;
  Heading?: number | null;
  Altitude?: number | null;
  Hdop?: number | null;
  Vdop?: number | null;
  Pdop?: number | null;
  Satellites?: number | null;
  Age?: number | null;
  /** With `include_locations`: the name of the Trackway place holding the position. */
  Location?: string | null;
}

export interface MixTrip {
  SystemType?: string | null;
  VehicleId: string;
  ReceivedTimestamp?: number | null;
  TripType?: string | null;
  DriverId?: string | null;
  CoDriverId?: string | null;
  StartTimestamp: number;
  StartPosition?: MixPosition | null;
  EndTimestamp: number;
  EndPosition?: MixPosition | null;
  Distance?: number | null;
  EndOdometer?: number | null;
  MaxSpeed?: number | null;
  OverSpeedingCount?: number | null;
  MaxAcceleration?: number | null;
  HarshAccelerationCount?: number | null;
  MaxDeceleration?: number | null;
  HarshBrakingCount?: number | null;
  SubTrips?: MixTrip[] | null;
}

export type FieldKind = 'string' | 'time' | 'number' | 'position' | 'trips';

/** The Trip's fields in the document's order (the CSV header of document 003). */
export const TRIP_FIELDS = [
  ['SystemType', 'string'],
  ['VehicleId', 'string'],
  ['ReceivedTimestamp', 'time'],
  ['TripType', 'string'],
  ['DriverId', 'string'],
  ['CoDriverId', 'string'],
  ['StartTimestamp', 'time'],
  ['StartPosition', 'position'],
  ['EndTimestamp', 'time'],
  ['EndPosition', 'position'],
  ['Distance', 'number'],
  ['EndOdometer', 'number'],
  ['MaxSpeed', 'number'],
  ['OverSpeedingCount', 'number'],
  ['MaxAcceleration', 'number'],
  ['HarshAccelerationCount', 'number'],
  ['MaxDeceleration', 'number'],
  ['HarshBrakingCount', 'number'],
  ['SubTrips', 'trips'],
] as const satisfies readonly (readonly [keyof MixTrip, FieldKind])[];

/** The Position's fields in the document's order; `Location` only with `include_locations`. */
export const POSITION_FIELDS = [
  ['SystemType', 'string'],
  ['VehicleId', 'string'],
  ['DeviceTimestamp', 'time'],
  ['ReceivedTimestamp', 'time'],
  ['DriverId', 'string'],
  ['Odometer', 'number'],
  ['Longitude', 'number'],
  ['Latitude', 'number'],
  ['Speed', 'number'],
  ['Heading', 'number'],
  ['Altitude', 'number'],
  ['Hdop', 'number'],
  ['Vdop', 'number'],
  ['Pdop', 'number'],
  ['Satellites', 'number'],
  ['Age', 'number'],
  ['Location', 'string'],
] as const satisfies readonly (readonly [keyof MixPosition, FieldKind])[];

/** The fields the XML carries as attributes of `<Trip>` and `<StartPosition>`/`<EndPosition>`. */
export const XML_ATTRIBUTES: ReadonlySet<string> = new Set(['SystemType', 'VehicleId']);

/**
 * A trip's DeviceTimestamp, the one a client passes back as `:since`: the latest device time it carries, that of
 * its end (the document: "Pass the latest DeviceTimestamp returned by the previous call").
 */
export function deviceTimestampOf(trip: MixTrip): number {
  return trip.EndPosition?.DeviceTimestamp ?? trip.EndTimestamp;
}
