import type { ExamplesByOperation } from '../../api/openapi/examples.ts';

// Examples of the GPS365 operations in the OpenAPI document: document 002's requests and answers, with a Trackway
// API token as api_token and the rows the document elides (`[...]`) written out as the facade presents them.

const API_TOKEN = 'tw_9f2c5e1b7a0d4c3e8f6a2b9d1c7e5f30';

const ok = (code: number | string) => ({ status: 'success', code, message: 'OK' });
const refused = (code: number, asString: boolean, message: string) => ({
  response: { status: 'error', code: asString ? String(code) : code, message },
});
const coordinateErrors = {
  '400': refused(400, true, 'start_date "2020-13-01 00:00:00" is not a date of the form YYYY-MM-DD HH:MM:SS'),
  '401': refused(401, true, 'Unauthorized: the api_token is unknown or revoked'),
  '404': refused(404, true, 'Tracker 102 not found'),
};

const row = (tracker_id: number, date: string, latitude: number, longitude: number, sendingdate: string) => ({
  tracker_id,
  date,
  latitude,
  longitude,
  speed: 48.5,
  azimuth: 270,
  altitude: 212,
  powervoltage: 13800,
  motion: true,
  input1: true,
  odometer: 1204850,
  sendingdate,
});

export const GPS365_OPENAPI_EXAMPLES: ExamplesByOperation = {
  postCompatGps365ApiTrackersList: {
    request: { api_token: API_TOKEN },
    response: {
      response: ok(200),
      result: [
        {
          id: 100,
          title: 'Tracker #1',
          description: 'First tracker',
          group: 'Tracker',
          phone: '+43688123456789',
          imei: '0133422688755999',
          iccid: '0133422688755999',
          serial_number: '10100',
        },
        {
          id: 101,
          title: 'Tracker #2',
          description: null,
          group: 'Tracker',
          phone: '+43688123456780',
          imei: '0133422688755990',
          iccid: '0133422688755990',
          serial_number: '10101',
        },
      ],
    },
    answers: { '401': refused(401, false, 'Unauthorized: api_token is missing') },
  },
  postCompatGps365ApiCoordinatesLive: {
    request: { api_token: API_TOKEN, trackers: [100, 101] },
    response: {
      response: ok('200'),
      result: {
        '100': row(100, '2020-09-29 20:30:22', 48.164235, 16.189012, '2020-09-29 20:30:24'),
        '101': row(101, '2020-09-29 20:25:52', 47.975134, 15.824156, '2020-09-29 20:25:55'),
      },
    },
    answers: coordinateErrors,
  },
  postCompatGps365ApiCoordinatesList: {
    request: {
      api_token: API_TOKEN,
      trackers: { '100': ['2020-01-01 08:00:00', '2020-01-01 12:00:00'], '101': '2020-01-01 10:00:00' },
    },
    response: {
      response: ok('200'),
      result: {
        '100': [
          row(100, '2020-01-01 08:00:13', 48.164239, 16.189014, '2020-01-01 08:00:15'),
          row(100, '2020-01-01 08:00:19', 48.164235, 16.189012, '2020-01-01 08:00:21'),
        ],
        '101': [row(101, '2020-01-01 10:01:02', 47.975134, 15.824156, '2020-01-01 10:01:04')],
      },
      summary: {
        '100': {
          start_date: '2020-01-01 08:00:00',
          end_date: '2020-01-01 12:00:00',
          rows: 100,
          total: 350,
          last_date: '2020-01-01 09:10:55',
        },
        '101': {
          start_date: '2020-01-01 10:00:00',
          end_date: '2020-02-05 10:00:00',
          rows: 1,
          total: 1,
          last_date: '2020-01-01 10:01:02',
        },
      },
    },
    answers: coordinateErrors,
  },
  postCompatGps365ApiCoordinatesHistoric: {
    request: {
      api_token: API_TOKEN,
      trackers: [100, 101],
      start_date: '2020-01-01 00:00:00',
      end_date: '2020-01-01 12:30:00',
      page: 2,
    },
    response: {
      response: ok('200'),
      result: {
        '100': [],
        '101': [row(101, '2020-01-01 10:01:02', 47.975134, 15.824156, '2020-01-01 10:01:04')],
      },
      summary: {
        start_date: '2020-01-01 00:00:00',
        end_date: '2020-01-01 12:30:00',
        page: 2,
        pages: 2,
        trackers: { '100': { rows: 0, total: 5 }, '101': { rows: 50, total: 550 } },
      },
    },
    answers: coordinateErrors,
  },
};
