import { describe, expect, it } from 'vitest';
import type { Place } from '../../../model/derived.ts';
import type { StoredPosition } from '../../../model/records.ts';
import { faErrors } from './errors.ts';
import { navigation, presentLocation, presentPlace } from './present.ts';

/** The document's examples (001), made valid JSON: its answers are the expected output. */
const DOCUMENT_ITEMS = [
  {
    location_id: '51a38a4c239e634f310000c8-locs-00000',
    longitude: 2.314179,
    latitude: 48.875143,
    application_id: 'FAAPPLI_Fr5tg2e',
    user_id: 'user@myuser',
    session_id: '51a38a64239e634f3b0000cc',
  },
  {
    location_id: '51a38a4c239e634f310000c8-locs-00001',
    longitude: 2.314172,
    latitude: 48.873245,
    application_id: 'FAAPPLI_Fr5tg2e',
    user_id: 'user@myuser',
    session_id: '51a38a64239e634f3b0000cc',
  },
];
const DOCUMENT_NAVIGATION = {
  first:
    'http://api.follow-apps.com/api/apps/FAAPPLI_Fr5tg2e/locations?page=1&fields=user_id,application_id,latitude,longitude',
  prev: 'http://api.follow-apps.com/api/apps/FAAPPLI_Fr5tg2e/locations?page=1&fields=user_id,application_id,latitude,longitude',
  next: 'http://api.follow-apps.com/api/apps/FAAPPLI_Fr5tg2e/locations?page=2&fields=user_id,application_id,latitude,longitude',
  last: 'http://api.follow-apps.com/api/apps/FAAPPLI_Fr5tg2e/locations?page=4&fields=user_id,application_id,latitude,longitude',
};
const DOCUMENT_ARCHIVED_PLACE = {
  name: 'new location name',
  identifier: 'FALOC_123321',
  labels: ['123', 'test', 'other'],
  details: 'new location details',
  latitude: 10.2,
  longitude: 20.22,
  archived: true,
  archived_at: '2018-03-07T15:36:44.924Z',
};

function position(id: number, item: (typeof DOCUMENT_ITEMS)[number]): StoredPosition {
  return {
    id,
    deviceId: 1,
    messageId: null,
    fixTime: Date.UTC(2013, 4, 27, 16, 36, id),
    receivedTime: 0,
    lat: item.latitude,
    lon: item.longitude,
    valid: true,
    accuracy: null,
    altitude: null,
    speed: null,
    course: null,
    hdop: null,
    vdop: null,
    pdop: null,
    satellites: null,
    odometer: null,
    ignition: null,
    motion: null,
    inputs: null,
    outputs: null,
    analogs: null,
    temperatures: null,
    power: null,
    attributes: {
      location_id: item.location_id,
      user_id: item.user_id,
      session_id: item.session_id,
      application_id: item.application_id,
    },
  };
}

describe('FollowAnalytics presenters, against the document', () => {
  it('presents locations with location_id and the fields asked for', () => {
    const context = { deviceId: 'device-1', applicationId: 'FAAPPLI_Fr5tg2e' };
    const fields = ['application_id', 'latitude', 'longitude', 'session_id', 'user_id'] as const;
    expect(DOCUMENT_ITEMS.map((item, i) => presentLocation(position(i, item), context, [...fields]))).toEqual(
      DOCUMENT_ITEMS,
    );
    expect(presentLocation(position(0, DOCUMENT_ITEMS[0]!), context, [])).toEqual({
      location_id: DOCUMENT_ITEMS[0]!.location_id,
    });
  });

  it('presents a field without a value as null, and a position from elsewhere with a Trackway location id', () => {
    const p = { ...position(7, DOCUMENT_ITEMS[0]!), attributes: {} };
    expect(
      presentLocation(p, { deviceId: '359881234567890', applicationId: '12' }, [
        'device_id',
        'application_id',
        'session_id',
        'user_id',
        'date_utc',
      ]),
    ).toEqual({
      location_id: 'TW-7',
      device_id: '359881234567890',
      application_id: '12',
      session_id: null,
      user_id: null,
      date_utc: '2013-05-27T16:36:07.000Z',
    });
  });

  it("links to the other pages as the document's example does", () => {
    expect(
      navigation(
        'http://api.follow-apps.com/api/apps/FAAPPLI_Fr5tg2e/locations',
        'page=1&fields=user_id,application_id,latitude,longitude',
        1,
        4,
      ),
    ).toEqual(DOCUMENT_NAVIGATION);
  });

  it('presents an archived place with archived_at in milliseconds', () => {
    const place: Place = {
      id: 3,
      groupId: 1,
      name: 'new location name',
      identifier: 'FALOC_123321',
      details: 'new location details',
      labels: ['123', 'test', 'other'],
      lat: 10.2,
      lon: 20.22,
      radius: 100,
      polygon: null,
      archived: true,
      archivedAt: Date.parse('2018-03-07T15:36:44.924Z'),
      createdAt: 0,
      updatedAt: 0,
    };
    expect(presentPlace(place)).toEqual(DOCUMENT_ARCHIVED_PLACE);
    expect(presentPlace({ ...place, archived: false, archivedAt: null })).toMatchObject({
      archived: false,
      archived_at: null,
    });
  });

  it("words the errors as the document's envelopes", () => {
    expect(faErrors.appNotFound().envelope).toEqual({
      status: 'not_found',
      success: false,
      error_message: "Couldn't find App",
    });
    expect(faErrors.wrongDate().envelope).toEqual({
      success: false,
      status: 'bad_request',
      error_message: 'Wrong date format',
    });
    expect(faErrors.locationNotFound().envelope).toEqual({
      status: 'not_found',
      success: false,
      error_message: 'Location not found',
    });
    expect(faErrors.entityNotFound().envelope.error_message).toBe('Entity not found');
    expect(faErrors.noAccess().envelope).toEqual({
      status: 'forbidden',
      success: false,
      error_message: 'No access.',
    });
    const template = faErrors.unsupportedTemplate('json');
    expect([template.httpStatus, template.envelope]).toEqual([
      200,
      { status: 'bad_request', success: false, error_message: 'Unsupported import template: json' },
    ]);
  });
});
