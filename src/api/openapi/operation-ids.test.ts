import { describe, expect, it } from 'vitest';
import { nameOperations, operationName } from './operation-ids.ts';

describe('operation names', () => {
  it('follow method and path, parameters as By…, without the native prefix', () => {
    expect(operationName('get', '/api/v1/devices/{id}/positions')).toBe('getDevicesByIdPositions');
    expect(operationName('delete', '/api/v1/sources/{id}/secrets/{secretId}')).toBe(
      'deleteSourcesByIdSecretsBySecretId',
    );
    expect(operationName('get', '/compat/followapps/api/apps/{app}/locations_export')).toBe(
      'getCompatFollowappsApiAppsByAppLocationsExport',
    );
    expect(operationName('get', '/compat/spot/feed/{feedId}/message.json')).toBe(
      'getCompatSpotFeedByFeedIdMessageJson',
    );
    expect(operationName('get', '/health')).toBe('getHealth');
  });

  it('keep a name a route gives, and give each method of a shared operation its own', () => {
    const shared = { summary: 'OsmAnd' };
    const paths = { '/ingest/osmand': { get: shared, post: shared }, '/x': { get: { operationId: 'mine' } } };
    nameOperations(paths);
    expect(paths['/ingest/osmand'].get).toEqual({ summary: 'OsmAnd', operationId: 'getIngestOsmand' });
    expect(paths['/ingest/osmand'].post).toEqual({ summary: 'OsmAnd', operationId: 'postIngestOsmand' });
    expect(paths['/x'].get).toEqual({ operationId: 'mine' });
  });
});
