import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestRecord } from '../../../model/ingest.ts';
import { FacadeHub, TOKEN, type Json } from '../testing/facade-hub.ts';

/**
 * Golden tests: every request example of document 002, sent as its curl sends it, and its response example.
 * Where an example contradicts the document's text, the test says which reading Trackway serves and why.
 */
const at = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
const position = (deviceId: number, date: string, lat: number, lon: number): IngestRecord => ({
  device: { deviceId },
  position: { fixTime: at(date), lat, lon },
});
const token: [string, string] = ['api_token', TOKEN];

describe('GPS365 Coordinates API: the document examples', () => {
  let hub: FacadeHub;
  beforeEach(async () => {
    hub = await FacadeHub.open();
    await hub.skipIdsTo(100);
    const tracker = (name: string, description: string | null, n: string) =>
      hub.storage.createDevice({
        groupId: hub.fleet.id,
        name,
        attributes: {
          gps365: {
            title: name,
            description,
            group: 'Tracker',
            phone: `+4368812345678${n}`,
            imei: `013342268875599${n}`,
            iccid: `013342268875599${n}`,
            serialNumber: `1010${n}`,
          },
        },
      });
    expect((await tracker('Tracker #1', 'First tracker', '9')).id).toBe(100);
    expect((await tracker('Tracker #2', null, '0')).id).toBe(101);
  });
  afterEach(async () => {
    await hub.close();
  });

  it('4.1 trackers/list', async () => {
    // The example's serial numbers differ from the pattern above: set them as the document shows.
    for (const [id, serial] of [
      [100, '10100'],
      [101, '10101'],
    ] as const) {
      const d = (await hub.storage.getDevice(id))!;
      const g = d.attributes.gps365 as Json;
      await hub.storage.updateDevice(id, { attributes: { gps365: { ...g, serialNumber: serial } } });
    }
    const res = await hub.post('trackers/list', [token]);
    expect(res).toEqual({
      status: 200,
      body: {
        response: { status: 'success', code: 200, message: 'OK' },
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
    });
  });

  it("4.1 trackers/list keeps the example's key order, a null description included", async () => {
    const res = await hub.post('trackers/list', [token]);
    expect(Object.keys(res.body.result[1])).toEqual([
      'id',
      'title',
      'description',
      'group',
      'phone',
      'imei',
      'iccid',
      'serial_number',
    ]);
  });

  it('5.1 coordinates/live with trackers[]=100&trackers[]=101', async () => {
    await hub.ingest(
      [
        position(100, '2020-09-29 20:20:00', 48.1, 16.1),
        position(100, '2020-09-29 20:30:22', 48.164235, 16.189012),
        position(101, '2020-09-29 20:25:52', 47.975134, 15.824156),
      ],
      at('2020-09-29 20:30:30'),
    );
    const res = await hub.post('coordinates/live', [token, ['trackers[]', '100'], ['trackers[]', '101']]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      response: { status: 'success', code: '200', message: 'OK' },
      result: {
        '100': {
          tracker_id: 100,
          date: '2020-09-29 20:30:22',
          latitude: 48.164235,
          longitude: 16.189012,
          sendingdate: '2020-09-29 20:30:30',
        },
        '101': {
          tracker_id: 101,
          date: '2020-09-29 20:25:52',
          latitude: 47.975134,
          longitude: 15.824156,
          sendingdate: '2020-09-29 20:30:30',
        },
      },
    });
  });

  it('5.2 coordinates/list with trackers[100][]=start&trackers[100][]=end&trackers[101]=start', async () => {
    // Tracker 100: 350 rows from 08:00:13 to before 12:00:00, the 100th at 09:10:55, as the summary shows.
    const first = at('2020-01-01 08:00:19');
    const hundredth = at('2020-01-01 09:10:55');
    const dates = [at('2020-01-01 08:00:13'), first];
    for (let k = 3; k <= 100; k++)
      dates.push(first + Math.round(((k - 2) * (hundredth - first)) / 98 / 1000) * 1000);
    for (let i = 0; i < 250; i++) dates.push(at('2020-01-01 09:11:00') + i * 40_000);
    await hub.ingest(
      dates.map((d, i) => ({
        device: { deviceId: 100 },
        position: { fixTime: d, lat: 48 + i / 1e5, lon: 16 },
      })),
      at('2020-01-01 12:00:00'),
    );
    await hub.ingest(
      [
        position(101, '2020-01-01 10:01:02', 47.975134, 15.824156),
        position(101, '2020-01-02 10:00:00', 47.9, 15.8),
        position(101, '2020-01-20 10:00:00', 47.9, 15.8),
        position(101, '2020-02-05 10:00:00', 47.9, 15.8),
        position(101, '2020-09-29 20:30:28', 47.9, 15.8),
      ],
      at('2020-09-29 20:30:40'),
    );
    hub.now = at('2020-09-29 20:30:52');
    const res = await hub.post('coordinates/list', [
      token,
      ['trackers[100][]', '2020-01-01 08:00:00'],
      ['trackers[100][]', '2020-01-01 12:00:00'],
      ['trackers[101]', '2020-01-01 10:00:00'],
    ]);
    expect(res.status).toBe(200);
    expect(res.body.response).toEqual({ status: 'success', code: '200', message: 'OK' });
    expect(res.body.result['100'].slice(0, 2)).toEqual([
      expect.objectContaining({ tracker_id: 100, date: '2020-01-01 08:00:13', latitude: 48 }),
      expect.objectContaining({ tracker_id: 100, date: '2020-01-01 08:00:19', latitude: 48.00001 }),
    ]);
    expect(res.body.result['101'][0]).toEqual(
      expect.objectContaining({ tracker_id: 101, date: '2020-01-01 10:01:02', latitude: 47.975134 }),
    );
    expect(res.body.summary['100']).toEqual({
      start_date: '2020-01-01 08:00:00',
      end_date: '2020-01-01 12:00:00',
      rows: 100,
      total: 350,
      last_date: '2020-01-01 09:10:55',
    });
    // The example shows end_date "2020-09-29 20:30:52" (now) and a last_date in September for a query without
    // an end; the text caps the range at five weeks, and Trackway follows the text: the end is start + 5 weeks,
    // inclusive, so the row of 2020-02-05 10:00:00 is in and the one of September is not.
    expect(res.body.summary['101']).toEqual({
      start_date: '2020-01-01 10:00:00',
      end_date: '2020-02-05 10:00:00',
      rows: 4,
      total: 4,
      last_date: '2020-02-05 10:00:00',
    });
  });

  describe('5.3 coordinates/historic', () => {
    beforeEach(async () => {
      // Tracker 100 has 5 rows, tracker 101 more than a page: 750 (the example's 150 assumes 100 rows per
      // page; the text says 500 per tracker, which Trackway serves).
      await hub.ingest(
        [
          position(100, '2020-01-01 08:00:13', 48.164239, 16.189014),
          position(100, '2020-01-01 08:00:19', 48.164235, 16.189012),
          ...['08:05:00', '08:10:00', '08:15:00'].map((t) =>
            position(100, `2020-01-01 ${t}`, 48.1642, 16.189),
          ),
        ],
        at('2020-01-01 08:20:00'),
      );
      await hub.ingest(
        Array.from({ length: 750 }, (_, i) => ({
          device: { deviceId: 101 },
          position: {
            fixTime: at('2020-01-01 10:01:02') + i * 5000,
            lat: 47.975134,
            lon: 15.824156 + i / 1e6,
          },
        })),
        at('2020-01-01 11:30:00'),
      );
      // The facade's own clock: its default end_date is now less the settling time (10 s).
      hub.now = at('2020-01-01 12:30:10');
    });

    it('example #1: page 1 without end_date gives the end_date to lock', async () => {
      const res = await hub.post('coordinates/historic', [
        token,
        ['trackers[]', '100'],
        ['trackers[]', '101'],
        ['start_date', '2020-01-01 00:00:00'],
      ]);
      expect(res.status).toBe(200);
      expect(res.body.response).toEqual({ status: 'success', code: '200', message: 'OK' });
      expect(res.body.result['100'].slice(0, 2)).toEqual([
        expect.objectContaining({ tracker_id: 100, date: '2020-01-01 08:00:13', latitude: 48.164239 }),
        expect.objectContaining({ tracker_id: 100, date: '2020-01-01 08:00:19', latitude: 48.164235 }),
      ]);
      expect(res.body.result['101'][0]).toEqual(
        expect.objectContaining({ tracker_id: 101, date: '2020-01-01 10:01:02', latitude: 47.975134 }),
      );
      expect(res.body.summary).toEqual({
        start_date: '2020-01-01 00:00:00',
        end_date: '2020-01-01 12:30:00',
        page: 1,
        pages: 2,
        trackers: { '100': { rows: 5, total: 5 }, '101': { rows: 500, total: 750 } },
      });
    });

    it('example #2: page 2 with the locked end_date gets the rest, and rows received since stay out', async () => {
      await hub.ingest([position(100, '2020-01-01 12:29:00', 48.2, 16.2)], at('2020-01-01 12:30:05'));
      hub.now = at('2020-01-01 12:31:00');
      const res = await hub.post('coordinates/historic', [
        token,
        ['trackers[]', '100'],
        ['trackers[]', '101'],
        ['start_date', '2020-01-01 00:00:00'],
        ['end_date', '2020-01-01 12:30:00'],
        ['page', '2'],
      ]);
      expect(res.body.summary).toEqual({
        start_date: '2020-01-01 00:00:00',
        end_date: '2020-01-01 12:30:00',
        page: 2,
        pages: 2,
        trackers: { '100': { rows: 0, total: 5 }, '101': { rows: 250, total: 750 } },
      });
      expect(res.body.result['100']).toEqual([]);
    });

    it('the examples as printed, posted to /live, get live data: /live ignores start_date, end_date and page', async () => {
      const res = await hub.post('coordinates/live', [
        token,
        ['trackers[]', '100'],
        ['trackers[]', '101'],
        ['start_date', '2020-01-01 00:00:00'],
        ['end_date', '2020-01-01 12:30:00'],
        ['page', '2'],
      ]);
      expect(res.body.summary).toBeUndefined();
      expect(Object.keys(res.body.result)).toEqual(['100', '101']);
      expect(res.body.result['100']).toMatchObject({ tracker_id: 100, date: '2020-01-01 08:15:00' });
    });
  });
});
