import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../auth/secrets.ts';
import type { IngestRecord } from '../../../model/ingest.ts';
import { toRecord } from '../connector/to-record.ts';
import { FacadeHub, TOKEN } from '../testing/facade-hub.ts';
import { presentCoordinate } from './present.ts';

const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
const token: [string, string] = ['api_token', TOKEN];
const rows = (deviceId: number, n: number, from: number, stepMs = 5000): IngestRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    device: { deviceId },
    position: { fixTime: from + i * stepMs, lat: 48, lon: 16 + i / 1e6 },
  }));

describe('GPS365 Coordinates API served by Trackway', () => {
  let hub: FacadeHub;
  let truck: number;
  let van: number;
  let stranger: number;
  beforeEach(async () => {
    hub = await FacadeHub.open();
    truck = (await hub.storage.createDevice({ groupId: hub.fleet.id, name: 'truck' })).id;
    van = (await hub.storage.createDevice({ groupId: hub.fleet.id, name: 'van' })).id;
    stranger = (await hub.storage.createDevice({ groupId: hub.other.id, name: 'stranger' })).id;
    hub.now = at('2024-05-01 12:00:00');
  });
  afterEach(async () => {
    await hub.close();
  });

  it('refuses a missing or unknown api_token with 401 in the envelope', async () => {
    expect(await hub.post('trackers/list', [])).toEqual({
      status: 401,
      body: { response: { status: 'error', code: 401, message: 'Unauthorized: api_token is missing' } },
    });
    const wrong = await hub.post('coordinates/live', [['api_token', 'nope']]);
    expect(wrong.status).toBe(401);
    expect(wrong.body.response).toMatchObject({ status: 'error', code: '401' });
    // A token of another kind (a login/password pair) is not an API token.
    await hub.storage.createCredential({
      groupId: hub.fleet.id,
      role: 'admin',
      kind: 'password',
      name: 'pair',
      prefix: 'x',
      secretHash: hashSecret('user:pw'),
    });
    expect((await hub.post('trackers/list', [['api_token', 'user:pw']])).status).toBe(401);
  });

  it('answers 404 for a tracker the token cannot see and for an unknown endpoint, 400 for bad dates', async () => {
    for (const id of [stranger, 999_999]) {
      const res = await hub.post('coordinates/live', [token, ['trackers[]', String(id)]]);
      expect(res).toEqual({
        status: 404,
        body: { response: { status: 'error', code: '404', message: `Tracker ${id} not found` } },
      });
    }
    expect((await hub.post('coordinates/export', [token])).body.response).toMatchObject({ code: 404 });
    const bad = await hub.post('coordinates/historic', [token, ['start_date', '2024-13-01 00:00:00']]);
    expect(bad.status).toBe(400);
    expect(bad.body.response).toMatchObject({ status: 'error', code: '400' });
    expect(bad.body.response.message).toMatch(/start_date .* is not a date/);
    const list = await hub.post('coordinates/list', [token, [`trackers[${truck}]`, 'yesterday']]);
    expect(list.status).toBe(400);
    const page = await hub.post('coordinates/historic', [token, ['page', 'two']]);
    expect(page.status).toBe(400);
  });

  it('lists every device the token sees as a tracker, with what Trackway knows and nothing else', async () => {
    const res = await hub.post('trackers/list', [token]);
    expect(res.body.result).toEqual([
      { id: truck, title: 'truck', group: 'Fleet' },
      { id: van, title: 'van', group: 'Fleet' },
    ]);
  });

  it("answers with the document's keys in the document's order", async () => {
    await hub.ingest(
      [
        {
          device: { deviceId: truck },
          position: {
            fixTime: at('2024-05-01 10:00:00'),
            lat: 48,
            lon: 16,
            speed: 42.5,
            course: 90,
            altitude: 200,
          },
        },
      ],
      at('2024-05-01 10:00:05'),
    );
    const live = await hub.post('coordinates/live', [token, ['trackers[]', String(truck)]]);
    expect(Object.keys(live.body)).toEqual(['response', 'result']);
    expect(Object.keys(live.body.response)).toEqual(['status', 'code', 'message']);
    expect(Object.keys(live.body.result[truck])).toEqual([
      'tracker_id',
      'date',
      'latitude',
      'longitude',
      'speed',
      'azimuth',
      'altitude',
      'sendingdate',
    ]);
    const list = await hub.post('coordinates/list', [token, [`trackers[${truck}]`, '2024-05-01 00:00:00']]);
    expect(Object.keys(list.body)).toEqual(['response', 'result', 'summary']);
    expect(Object.keys(list.body.summary[truck])).toEqual([
      'start_date',
      'end_date',
      'rows',
      'total',
      'last_date',
    ]);
  });

  it('takes the same request as JSON', async () => {
    await hub.ingest(rows(truck, 3, at('2024-05-01 10:00:00')), at('2024-05-01 11:00:00'));
    const json = await hub.post('coordinates/list', {
      api_token: TOKEN,
      trackers: { [truck]: ['2024-05-01 10:00:00', '2024-05-01 10:00:05'] },
    });
    const form = await hub.post('coordinates/list', [
      token,
      [`trackers[${truck}][]`, '2024-05-01 10:00:00'],
      [`trackers[${truck}][]`, '2024-05-01 10:00:05'],
    ]);
    expect(json.body).toEqual(form.body);
    expect(json.body.summary[truck]).toMatchObject({ rows: 2, total: 2, last_date: '2024-05-01 10:00:05' });
    const ids = await hub.post('coordinates/live', { api_token: TOKEN, trackers: [truck] });
    expect(Object.keys(ids.body.result)).toEqual([String(truck)]);
  });

  it('defaults list to 2000-01-01 and five weeks, and clamps an end past five weeks', async () => {
    const res = await hub.post('coordinates/list', [token]);
    expect(res.body.summary[truck]).toEqual({
      start_date: '2000-01-01 00:00:00',
      end_date: '2000-02-05 00:00:00',
      rows: 0,
      total: 0,
      last_date: null,
    });
    const long = await hub.post('coordinates/list', [
      token,
      [`trackers[${truck}][]`, '2024-01-01 00:00:00'],
      [`trackers[${truck}][]`, '2024-12-31 00:00:00'],
    ]);
    expect(long.body.summary[truck].end_date).toBe('2024-02-05 00:00:00');
  });

  it('gives 100 rows per tracker, or 5,000 to one tracker asked with a start date', async () => {
    await hub.ingest(rows(truck, 5001, at('2024-04-30 00:00:00')), at('2024-05-01 11:00:00'));
    await hub.ingest(rows(van, 150, at('2024-04-30 00:00:00')), at('2024-05-01 11:00:00'));
    const all = await hub.post('coordinates/list', [
      token,
      [`trackers[${truck}]`, '2024-04-30 00:00:00'],
      [`trackers[${van}]`, '2024-04-30 00:00:00'],
    ]);
    expect([all.body.summary[truck].rows, all.body.summary[van].rows]).toEqual([100, 100]);
    const one = await hub.post('coordinates/list', [token, [`trackers[${truck}]`, '2024-04-30 00:00:00']]);
    expect(one.body.summary[truck]).toMatchObject({ rows: 5000, total: 5001 });
    expect(one.body.result[truck]).toHaveLength(5000);
    // Only one tracker but no start date: the default limit.
    const noStart = await hub.post('coordinates/list', [token, ['trackers[]', String(truck)]]);
    expect(noStart.body.summary[truck].rows).toBe(0);
  });

  it('pages historic by 500 per tracker or 10,000 for one, ending before the settling time', async () => {
    await hub.ingest(rows(truck, 10_001, at('2024-04-30 00:00:00'), 1000), at('2024-05-01 11:00:00'));
    await hub.ingest(rows(van, 2, at('2024-04-30 00:00:00')), at('2024-05-01 11:59:55'));
    const all = await hub.post('coordinates/historic', [token, ['start_date', '2024-05-01 00:00:00']]);
    expect(all.body.summary).toEqual({
      start_date: '2024-05-01 00:00:00',
      // Now less 10 s: the van's rows received 5 s ago come with the next request.
      end_date: '2024-05-01 11:59:50',
      page: 1,
      pages: 21,
      trackers: { [truck]: { rows: 500, total: 10_001 }, [van]: { rows: 0, total: 0 } },
    });
    const one = await hub.post('coordinates/historic', [
      token,
      ['trackers[]', String(truck)],
      ['start_date', '2024-05-01 00:00:00'],
      ['page', '2'],
    ]);
    expect(one.body.summary).toMatchObject({
      page: 2,
      pages: 2,
      trackers: { [truck]: { rows: 1, total: 10_001 } },
    });
    // An end in the future (by the hub's clock) is brought back to settled time, as is one past five weeks.
    const future = await hub.post('coordinates/historic', [
      token,
      ['start_date', '2024-05-01 11:00:00'],
      ['end_date', '2024-05-02 00:00:00'],
    ]);
    expect(future.body.summary.end_date).toBe('2024-05-01 11:59:50');
    const old = await hub.post('coordinates/historic', [token, ['start_date', '2024-01-01 00:00:00']]);
    expect(old.body.summary.end_date).toBe('2024-02-05 00:00:00');
  });

  it('gives a GPS365 row back field for field', async () => {
    const row = {
      tracker_id: 7,
      date: '2024-05-01 10:00:00',
      latitude: 48.164235,
      longitude: 16.189012,
      speed: 42.5,
      azimuth: 270,
      altitude: 181,
      gsmsignal: 21,
      powervoltage: 12_401,
      analog1: 1.25,
      analog3: 4.5,
      temperature1: 21.5,
      temperature4: -17,
      motion: true,
      input1: true,
      input2: false,
      input5: true,
      input1_duration: 3605,
      input5_duration: 12,
      output1: false,
      output1_duration: 0,
      odometer: 100_055,
      mobile_country_id: 232,
      mobile_network_id: 1,
      sendingdate: '2024-05-01 10:00:02',
    };
    const record = toRecord(row);
    await hub.ingest([{ ...record, device: { deviceId: truck } }], at('2024-05-01 10:00:02'));
    const stored = (await hub.storage.listPositions({ deviceId: truck, limit: 1 })).items[0]!;
    expect(presentCoordinate(stored)).toEqual({ ...row, tracker_id: truck });
  });

  it('answers another vendor’s position with the fields it has only', async () => {
    await hub.ingest(
      [
        {
          device: { deviceId: van },
          position: { fixTime: at('2024-05-01 10:00:00'), lat: 1, lon: 2, ignition: false },
        },
      ],
      at('2024-05-01 10:00:01'),
    );
    const res = await hub.post('coordinates/live', [token]);
    expect(res.body.result).toEqual({
      [van]: {
        tracker_id: van,
        date: '2024-05-01 10:00:00',
        latitude: 1,
        longitude: 2,
        input1: false,
        sendingdate: '2024-05-01 10:00:01',
      },
    });
  });
});
