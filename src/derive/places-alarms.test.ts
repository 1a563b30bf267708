import { computeDestinationPoint } from 'geolib';
import { afterEach, describe, expect, it } from 'vitest';
import type { PositionFields } from '../model/records.ts';
import { SilenceWatcher } from './silence.ts';
import { openHarness, type Harness } from './testing/harness.ts';

const T0 = Date.UTC(2026, 0, 5, 7, 0, 0);
const CENTRE = { latitude: 52.5, longitude: 13.4 };
/** A fix `metres` east of the place centre at minute `minute`. */
const at = (minute: number, metres: number, extra: Partial<PositionFields> = {}): PositionFields => {
  const p = computeDestinationPoint(CENTRE, metres, 90);
  return { fixTime: T0 + minute * 60_000, lat: p.latitude, lon: p.longitude, ...extra };
};

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function withPlace(rules = {}) {
  h = await openHarness(rules);
  const place = await h.storage.createPlace({
    groupId: h.group.id,
    name: 'Yard',
    identifier: 'YARD',
    lat: CENTRE.latitude,
    lon: CENTRE.longitude,
    radius: 100,
    polygon: null,
  });
  h.contexts.invalidate();
  return { ...h, place };
}

/** Approach from 1 km, sit at the edge drifting 90-140 m out for 20 min, go inside, then leave for good. */
const edgeDrift = () => [
  ...[1000, 700, 400, 200].map((m, i) => at(i, m)),
  ...Array.from({ length: 20 }, (_, i) => at(4 + i, i % 2 ? 90 : 140)),
  ...Array.from({ length: 10 }, (_, i) => at(24 + i, 20)),
  // Drift past the edge but within the margin: still inside.
  at(34, 130),
  at(35, 20),
  ...[300, 600, 900, 1200].map((m, i) => at(36 + i, m)),
];

describe('place enter and exit', () => {
  it('enters once and leaves once however the fixes drift at the edge', async () => {
    const { feed, events, place } = await withPlace();
    await feed(edgeDrift(), 3);
    const placeEvents = (await events()).filter((e) => e.type.startsWith('place-'));
    expect(placeEvents).toEqual([
      // In and out every minute is not a visit; from minute 23 it stays in for longer than the dwell time.
      { type: 'place-enter', time: T0 + 23 * 60_000, key: String(place.id) },
      // 130 m at minute 34 is within the margin; 300 m at minute 36 is out, and stays out.
      { type: 'place-exit', time: T0 + 36 * 60_000, key: String(place.id) },
    ]);
  });

  it('times events by the fixes, not by arrival, and corrects them when fixes arrive late', async () => {
    const { feed, events } = await withPlace();
    const fixes = edgeDrift();
    await feed([...fixes].reverse(), 4);
    const reversed = (await events()).filter((e) => e.type.startsWith('place-'));
    await h!.close();
    const inOrder = await withPlace();
    await inOrder.feed(fixes, 4);
    expect((await inOrder.events()).filter((e) => e.type.startsWith('place-'))).toEqual(reversed);
    expect(reversed).toHaveLength(2);
  });

  it('ignores an archived place and names the place a stop is in', async () => {
    const { feed, events, storage, stops, place, contexts, group } = await withPlace();
    await storage.setPlaceArchived('YARD', group.path, Date.now());
    contexts.invalidate();
    await feed([at(0, 1000), ...Array.from({ length: 10 }, (_, i) => at(1 + i, 10))]);
    expect((await events()).filter((e) => e.type.startsWith('place-'))).toEqual([]);
    await storage.setPlaceArchived('YARD', group.path, null);
    contexts.invalidate();
    await feed(Array.from({ length: 10 }, (_, i) => at(11 + i, 10)));
    expect((await events()).map((e) => e.type)).toContain('place-enter');
    expect((await stops()).at(-1)!.placeId).toBe(place.id);
  });
});

describe('alarms', () => {
  it('raises sos from an alarm attribute and low battery once per spell', async () => {
    const { feed, events } = await withPlace({ lowBattery: 20 });
    await feed([
      at(0, 500, { attributes: { batteryLevel: 50 } }),
      at(1, 500, { attributes: { batteryLevel: 19 } }),
      at(2, 500, { attributes: { batteryLevel: 18, alarm: 'sos' } }),
      at(3, 500, { attributes: { batteryLevel: 60 } }),
      at(4, 500, { attributes: { batt: '10' } }),
    ]);
    expect((await events()).map((e) => [e.type, (e.time - T0) / 60_000])).toEqual([
      ['low-battery', 1],
      ['sos', 2],
      ['low-battery', 4],
    ]);
  });

  it('marks a device silent after its threshold and back when it is heard again', async () => {
    h = await openHarness();
    const { storage, device, group } = h;
    await storage.updateGroup(group.id, { attributes: { silenceMinutes: 15 } });
    await storage.commit({
      records: [{ deviceId: device.id, position: at(0, 0) }],
      sourceId: null,
      receivedTime: T0,
    });
    const emitted: string[] = [];
    const watcher = new SilenceWatcher(
      storage,
      async (records) => {
        emitted.push(...records.flatMap((r) => r.events.map((e) => `${e.type}@${(e.time - T0) / 60_000}`)));
        await storage.commit({ records, sourceId: null, receivedTime: T0 });
      },
      (err) => {
        throw err;
      },
    );
    await watcher.check(T0 + 14 * 60_000);
    expect(emitted).toEqual([]);
    await watcher.check(T0 + 16 * 60_000);
    await watcher.check(T0 + 17 * 60_000);
    expect(emitted).toEqual(['device-silent@15']);
    expect((await storage.getDevice(device.id))!.state).toBe('silent');
    await watcher.heard([device.id], T0 + 30 * 60_000);
    expect(emitted).toEqual(['device-silent@15', 'device-back@30']);
    expect((await storage.getDevice(device.id))!.state).toBe('ok');
    // A device's own threshold wins over its group's; 0 turns the alarm off.
    await storage.updateDevice(device.id, { attributes: { silenceMinutes: 0 } });
    await watcher.check(T0 + 24 * 3600_000);
    expect(emitted).toHaveLength(2);
  });
});
