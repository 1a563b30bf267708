import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveStore, statusOf } from './live-store.ts';
import type { Device, Position } from './types.ts';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

const position = (deviceId: number, minutesAgo: number, speed = 0, id = Math.random()): Position => ({
  id,
  deviceId,
  fixTime: at(minutesAgo),
  lat: 46,
  lon: 6 + minutesAgo / 100,
  speed,
  course: null,
  altitude: null,
});

const device = (id: number, latest: Position | null = null, state: Device['state'] = 'ok'): Device => ({
  id,
  groupId: 1,
  typeId: null,
  name: `d${id}`,
  state,
  externalIds: [],
  lastSeen: latest?.fixTime ?? null,
  latestPosition: latest,
});

describe('device status', () => {
  it('puts an open SOS first, then silence, then recent speed', () => {
    const fast = device(1, position(1, 2, 50));
    expect(statusOf(fast, true, NOW)).toBe('sos');
    expect(statusOf({ ...fast, state: 'silent' }, false, NOW)).toBe('silent');
    expect(statusOf(fast, false, NOW)).toBe('moving');
    expect(statusOf(device(1, position(1, 30, 50)), false, NOW)).toBe('stopped');
    expect(statusOf(device(1, position(1, 1, 1)), false, NOW)).toBe('stopped');
    expect(statusOf(device(1), false, NOW)).toBe('stopped');
  });
});

describe('live store', () => {
  let frames: (() => void)[] = [];
  beforeEach(() => {
    frames = [];
    globalThis.requestAnimationFrame = (cb: FrameRequestCallback) => frames.push(() => cb(0));
  });
  afterEach(() => {
    delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
  });
  const runFrame = () => frames.splice(0).forEach((f) => f());

  function storeWith(...devices: Device[]) {
    const store = new LiveStore();
    for (const d of devices) store.devices.set(d.id, { device: d, sos: false, status: 'stopped' });
    const notified: number[][] = [];
    store.subscribe((changed) => notified.push([...changed]));
    return { store, notified };
  }

  it('applies a burst of stream messages once, in the next animation frame', () => {
    const { store, notified } = storeWith(device(1), device(2));
    store.enqueue({ position: position(1, 3) });
    store.enqueue({ position: position(1, 2) });
    store.enqueue({ position: position(2, 2) });
    expect(frames).toHaveLength(1);
    expect(notified).toEqual([]);
    runFrame();
    expect(notified).toEqual([[1, 2]]);
    expect(store.devices.get(1)!.device.latestPosition!.fixTime).toBe(at(2));
  });

  it('keeps the latest position when an older one arrives late', () => {
    const { store } = storeWith(device(1, position(1, 1)));
    store.enqueue({ position: position(1, 5) });
    runFrame();
    expect(store.devices.get(1)!.device.latestPosition!.fixTime).toBe(at(1));
  });

  it('raises an alert on SOS and clears it when cancelled', () => {
    const { store } = storeWith(device(1, position(1, 1)));
    const event = (id: number, type: string) => ({
      id,
      deviceId: 1,
      groupId: 1,
      type,
      time: at(0),
      attributes: {},
    });
    store.enqueue({ event: event(10, 'sos') });
    runFrame();
    expect(store.devices.get(1)!.status).toBe('sos');
    expect(store.alerts.map((a) => a.type)).toEqual(['sos']);
    store.enqueue({ event: event(11, 'sos-cancelled') });
    runFrame();
    expect(store.devices.get(1)!.status).not.toBe('sos');
    expect(store.alerts).toEqual([]);
  });

  it('marks a device silent and raises an alert on a silence event', () => {
    const { store } = storeWith(device(1, position(1, 1)));
    store.enqueue({
      event: { id: 1, deviceId: 1, groupId: 1, type: 'device-silent', time: at(0), attributes: {} },
    });
    runFrame();
    expect(store.devices.get(1)!.status).toBe('silent');
    expect(store.alerts[0]).toMatchObject({ deviceId: 1, type: 'device-silent' });
  });
});
