import { describe, expect, it } from 'vitest';
import type { EventFields, StoredEvent } from '../model/records.ts';
import { RETRACTED } from '../model/retraction.ts';
import { reconcile, type EventWindow } from './reconcile.ts';

const stored = (id: number, e: EventFields): StoredEvent => ({
  id,
  deviceId: 1,
  groupId: 1,
  type: e.type,
  time: e.time,
  key: e.key ?? null,
  positionId: null,
  messageId: null,
  attributes: e.attributes ?? {},
  createdAt: 0,
});

const windows: EventWindow[] = [{ types: ['trip-start', 'trip-end', 'overspeed'], from: 100 }];
const summary = (events: EventFields[]) =>
  events.map((e) =>
    e.type === RETRACTED ? `retract ${String(e.attributes!.eventId)}` : `${e.type}@${e.time}`,
  );

describe('what a replay commits', () => {
  it('leaves an event derived again unchanged alone, whatever the order of its attributes', () => {
    const existing = [stored(7, { type: 'trip-start', time: 200, attributes: { lat: 1, lon: 2 } })];
    const derived: EventFields[] = [
      { type: 'trip-start', time: 200, attributes: { lon: 2, lat: 1, x: undefined } },
    ];
    expect(reconcile(existing, derived, windows)).toEqual([]);
  });

  it('retracts an event with changed attributes before committing it again', () => {
    const existing = [stored(7, { type: 'overspeed', time: 200, attributes: { speed: 90, limit: 80 } })];
    const derived: EventFields[] = [{ type: 'overspeed', time: 200, attributes: { speed: 95, limit: 80 } }];
    expect(summary(reconcile(existing, derived, windows))).toEqual(['retract 7', 'overspeed@200']);
  });

  it('retracts, oldest first, what the replay no longer derives, and ignores what lies outside its windows', () => {
    const existing = [
      stored(9, { type: 'trip-end', time: 300 }),
      stored(8, { type: 'trip-start', time: 150 }),
      stored(5, { type: 'trip-start', time: 50 }),
    ];
    const derived: EventFields[] = [
      { type: 'sos', time: 120 },
      { type: 'trip-start', time: 160 },
    ];
    expect(summary(reconcile(existing, derived, windows))).toEqual([
      'retract 8',
      'retract 9',
      'sos@120',
      'trip-start@160',
    ]);
  });
});
