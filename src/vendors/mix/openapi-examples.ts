import type { ExamplesByOperation } from '../../api/openapi/examples.ts';
import { REASONS } from './facade/errors.ts';
import { presentTripsCsv } from './wire/present-csv.ts';
import { presentTripsJson, presentTripsJsonp } from './wire/present-json.ts';
import { presentTripsXml } from './wire/present-xml.ts';
import type { MixPosition, MixTrip } from './wire/trip.ts';

const VEHICLE = 'c89a9db7-46a5-4fb4-ab28-dc0ae807b5dc';
const DRIVER = '047d6331-23b4-42c9-bca6-26a3f67c4e85';
const position = (
  p: Pick<MixPosition, 'DeviceTimestamp' | 'ReceivedTimestamp' | 'Longitude' | 'Heading'>,
) => ({
  SystemType: 'AssetManagement',
  VehicleId: VEHICLE,
  DriverId: DRIVER,
  Odometer: 116.52,
  Latitude: 50.36023,
  Speed: 0,
  Altitude: 79,
  Hdop: 2,
  Vdop: 2,
  Pdop: 3,
  Satellites: 8,
  Age: 0,
  ...p,
});

/** The trip of document 003's JSON example, which the presenters write back as the document shows it. */
export const DOCUMENT_TRIP: MixTrip = {
  SystemType: 'AssetManagement',
  VehicleId: VEHICLE,
  ReceivedTimestamp: 1306295232870,
  TripType: 'Unknown',
  DriverId: DRIVER,
  StartTimestamp: 1306295250000,
  StartPosition: position({
    DeviceTimestamp: 1306295250000,
    ReceivedTimestamp: 1306295232867,
    Longitude: 7.567398,
    Heading: 182,
  }),
  EndTimestamp: 1306295259000,
  EndPosition: {
    ...position({
      DeviceTimestamp: 1306295259000,
      ReceivedTimestamp: 1306295232870,
      Longitude: 7.567451,
      Heading: 119,
    }),
    Latitude: 50.36024,
  },
  Distance: 0,
};

const style = { dateFormat: 0, timeZone: 'UTC' } as const;
const refused = (status: number, why: string) => `${REASONS[status]}: ${why}`;

/** Examples of MiX's operation in the OpenAPI document: the document's trip in each of its formats. */
export const MIX_OPENAPI_EXAMPLES: ExamplesByOperation = {
  getCompatMixTripsBySince: {
    response: JSON.parse(presentTripsJson([DOCUMENT_TRIP], style)),
    answers: {
      '200 application/javascript': presentTripsJsonp('showTrips', [DOCUMENT_TRIP], style),
      '200 application/xml': presentTripsXml([DOCUMENT_TRIP], 'UTC'),
      '200 text/csv': presentTripsCsv([DOCUMENT_TRIP], 'UTC'),
      '401': refused(401, 'the token is unknown or revoked'),
      '413': refused(413, ':since may not be more than 1 hour earlier than the current server time'),
    },
  },
};
