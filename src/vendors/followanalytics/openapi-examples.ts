import type { ExamplesByOperation } from '../../api/openapi/examples.ts';
import { templateCsv } from '../../formats/places/places-csv.ts';
import { ERROR_MESSAGES } from './wire.ts';

// Examples of the FollowAnalytics operations in the OpenAPI document: document 001's own examples (with its
// trailing commas and missing colons mended), served from a Trackway host.

const error = (status: string, message: string) => ({ status, success: false, error_message: message });
const notFound = (message: string) => ({ '404': error('not_found', message) });
const noAccess = { '404': error('forbidden', ERROR_MESSAGES.noAccess) };

const pageUrl = (page: number) =>
  `https://trackway.example.com/compat/followapps/api/apps/FAAPPLI_Fr5tg2e/locations?page=${page}` +
  '&fields=user_id,application_id,latitude,longitude';
const location = (n: string, latitude: number, longitude: number) => ({
  location_id: `51a38a4c239e634f310000c8-locs-0000${n}`,
  longitude,
  latitude,
  application_id: 'FAAPPLI_Fr5tg2e',
  user_id: 'user@myuser',
  session_id: '51a38a64239e634f3b0000cc',
});

const place = {
  name: 'new location name',
  identifier: 'FALOC_123321',
  labels: ['123', 'test', 'other'],
  details: 'new location details',
  latitude: 10.2,
  longitude: 20.22,
  archived: false,
  archived_at: null,
};

export const FOLLOWANALYTICS_OPENAPI_EXAMPLES: ExamplesByOperation = {
  getCompatFollowappsApiAppsByAppLocations: {
    response: {
      result: {
        items: [location('0', 48.875143, 2.314179), location('1', 48.873245, 2.314172)],
        total_pages: 4,
        total_items: 20,
        item_count: 2,
        navigation: { first: pageUrl(1), prev: pageUrl(1), next: pageUrl(2), last: pageUrl(4) },
      },
      success: true,
    },
    answers: {
      ...notFound(ERROR_MESSAGES.appNotFound),
      '400': error('bad_request', ERROR_MESSAGES.wrongDate),
    },
  },
  getCompatFollowappsApiAppsByAppLocationsExport: {
    response:
      'location_id,latitude,longitude,date_utc\n' +
      '51a38a4c239e634f310000c8-locs-00000,48.875143,2.314179,2017-04-06T11:41:44.000Z\n',
    answers: notFound(ERROR_MESSAGES.appNotFound),
  },
  getCompatFollowappsApiLocations: {
    response: {
      success: true,
      result: [
        { ...place, name: 'Location Name', labels: ['label', 'label2'] },
        { ...place, name: 'Location Name', identifier: 'FALOC_123322', labels: ['label', 'label3'] },
      ],
    },
    answers: notFound(ERROR_MESSAGES.entityNotFound),
  },
  getCompatFollowappsApiLocationsByIdentifier: {
    response: { success: true, result: place },
    answers: notFound(ERROR_MESSAGES.locationNotFound),
  },
  postCompatFollowappsApiLocations: {
    request: {
      name: 'North depot',
      details: 'Gate 3',
      latitude: 48.1791,
      longitude: 11.5925,
      labels: ['depot'],
    },
    response: {
      success: true,
      result: {
        ...place,
        name: 'North depot',
        details: 'Gate 3',
        latitude: 48.1791,
        longitude: 11.5925,
        labels: ['depot'],
      },
    },
    answers: noAccess,
  },
  putCompatFollowappsApiLocationsByIdentifier: {
    request: { name: 'new location name', details: 'new location details', labels: ['123', 'test', 'other'] },
    response: { success: true, result: place },
    answers: noAccess,
  },
  putCompatFollowappsApiLocationsByIdentifierArchive: {
    response: {
      success: true,
      result: { ...place, archived: true, archived_at: '2018-03-07T15:36:44.924Z' },
    },
    answers: noAccess,
  },
  putCompatFollowappsApiLocationsByIdentifierRestore: {
    response: { success: true, result: place },
    answers: noAccess,
  },
  getCompatFollowappsApiLocationGenerateImportTemplate: {
    // The JSON answer is the document's only example for this call: an unsupported template format.
    response: error('bad_request', ERROR_MESSAGES.unsupportedTemplate('json')),
    answers: { '200 text/csv': templateCsv() },
  },
  postCompatFollowappsApiLocationImport: {
    response: {
      success: true,
      result: {
        created: 1,
        failed: 1,
        rows: [
          { row: 2, status: 'created', identifier: 'DEPOT-1' },
          { row: 3, status: 'failed', error_message: 'latitude must be a number between -90 and 90' },
        ],
      },
    },
    answers: noAccess,
  },
};
