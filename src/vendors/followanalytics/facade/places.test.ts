import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFacadeHub, type TestFacadeHub } from '../testing/facade-hub.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
type Json = any;

describe('FollowAnalytics API served by Trackway: places', () => {
  let hub: TestFacadeHub;
  const call = async (method: string, path: string, body?: unknown, token = hub.tokens.manager) => {
    const res = await fetch(`${hub.url}/compat/followapps/api${path}`, {
      method,
      headers: {
        authorization: `Token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const importFile = async (name: string, bytes: Uint8Array, token = hub.tokens.manager) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'text/csv; charset=iso-8859-1' }), name);
    const res = await fetch(`${hub.url}/compat/followapps/api/location/import`, {
      method: 'POST',
      headers: { authorization: `Token ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    hub = await startFacadeHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('creates, reads, changes, archives and restores a place, which is a Trackway place of the group', async () => {
    const input = {
      name: 'test location',
      details: 'test details',
      latitude: 10.2,
      longitude: 20.22,
      labels: ['a', 'b', 'c'],
    };
    const created = await call('POST', '/locations', input);
    expect(created.status).toBe(200);
    const identifier = created.body.result.identifier as string;
    expect(identifier).toMatch(/^FALOC_/);
    expect(created.body).toEqual({
      success: true,
      result: { ...input, identifier, archived: false, archived_at: null },
    });
    expect(await hub.storage.getPlace(identifier, hub.group.path)).toMatchObject({
      groupId: hub.group.id,
      lat: 10.2,
      lon: 20.22,
      radius: 100,
    });

    expect((await call('GET', `/locations/${identifier}`, undefined, hub.tokens.viewer)).body.result).toEqual(
      created.body.result,
    );
    const list = await call('GET', '/locations', undefined, hub.tokens.viewer);
    expect(list.body.result.map((p: { identifier: string }) => p.identifier)).toContain(identifier);

    const changed = await call('PUT', `/locations/${identifier}`, {
      labels: ['123', 'test', 'other'],
      name: 'new location name',
      details: 'new location details',
    });
    expect(changed.body.result).toMatchObject({
      name: 'new location name',
      details: 'new location details',
      labels: ['123', 'test', 'other'],
      latitude: 10.2,
    });
    const moved = await call('PUT', `/locations/${identifier}`, { latitude: 1 });
    expect(moved).toMatchObject({ status: 400, body: { status: 'bad_request', success: false } });

    const archived = await call('PUT', `/locations/${identifier}/archive`);
    expect(archived.body.result.archived).toBe(true);
    expect(archived.body.result.archived_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await hub.storage.getPlace(identifier, hub.group.path))!.archived).toBe(true);
    const restored = await call('PUT', `/locations/${identifier}/restore`);
    expect(restored.body.result).toMatchObject({ archived: false, archived_at: null });
  });

  it('refuses a viewer writing with No access., and an unknown place with Location not found', async () => {
    const viewer = hub.tokens.viewer;
    const forbidden = { status: 'forbidden', success: false, error_message: 'No access.' };
    expect(await call('POST', '/locations', { name: 'x', latitude: 1, longitude: 2 }, viewer)).toEqual({
      status: 404,
      body: forbidden,
    });
    const { body } = await call('POST', '/locations', { name: 'x', latitude: 1, longitude: 2 });
    for (const path of ['', '/archive', '/restore']) {
      expect((await call('PUT', `/locations/${body.result.identifier}${path}`, {}, viewer)).body).toEqual(
        forbidden,
      );
    }
    const missing = { status: 'not_found', success: false, error_message: 'Location not found' };
    expect(await call('GET', '/locations/FALOC_nope')).toEqual({ status: 404, body: missing });
    expect(await call('PUT', '/locations/FALOC_nope/archive')).toEqual({ status: 404, body: missing });
    expect((await call('POST', '/locations', { name: 'x', latitude: 91, longitude: 2 })).body).toMatchObject({
      status: 'bad_request',
      success: false,
    });
  });

  it('gives the CSV import template, and answers another format 200 with bad_request', async () => {
    const res = await fetch(
      `${hub.url}/compat/followapps/api/location/generate_import_template?template_format=csv`,
      {
        headers: { authorization: `Token ${hub.tokens.viewer}` },
      },
    );
    expect(res.status).toBe(200);
    expect((await res.text()).split('\r\n')[0]).toBe(
      'identifier,name,details,labels,latitude,longitude,radius,polygon',
    );
    expect(await call('GET', '/location/generate_import_template?template_format=json')).toEqual({
      status: 200,
      body: { status: 'bad_request', success: false, error_message: 'Unsupported import template: json' },
    });
  });

  it('imports a file as UTF-8 whatever it claims, with a report per row', async () => {
    // Windows-1252, as a spreadsheet writes it: "Café" with é as the byte 0xE9.
    const csv = Buffer.concat([
      Buffer.from('name,details,labels,latitude,longitude\r\n', 'latin1'),
      Buffer.from('Caf\xe9 de la gare,terrasse,food|paris,48.8443,2.3744\r\n', 'latin1'),
      Buffer.from(',no name,,48.8,2.3\r\n', 'latin1'),
      Buffer.from('Far away,,,123,2.3\r\n', 'latin1'),
    ]);
    const { status, body } = await importFile('places.csv', csv);
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.result).toMatchObject({ created: 1, failed: 2 });
    expect(body.result.rows).toEqual([
      { row: 2, status: 'created', identifier: expect.stringMatching(/^FALOC_/) },
      { row: 3, status: 'failed', error_message: 'name is required' },
      { row: 4, status: 'failed', error_message: 'latitude must be a number between -90 and 90' },
    ]);
    const place = await hub.storage.getPlace(body.result.rows[0].identifier, hub.group.path);
    expect(place).toMatchObject({ name: 'Café de la gare', labels: ['food', 'paris'] });

    expect(await importFile('places.json', Buffer.from('[]'))).toEqual({
      status: 200,
      body: { status: 'bad_request', success: false, error_message: 'Unsupported import template: json' },
    });
    expect((await importFile('places.csv', csv, hub.tokens.viewer)).body.error_message).toBe('No access.');
  });
});
