import type { Stop } from '../model/derived.ts';
import type { EventFields, EventType, StoredEvent, StoredPosition } from '../model/records.ts';
import type { DerivedChange, NewStop } from '../storage/derived.ts';
import type { Storage } from '../storage/storage.ts';
import { alarmStep, type AlarmState } from './alarm-machine.ts';
import type { ContextCache, DeviceContext } from './context.ts';
import { edgeDistance, PlaceMachine, type PlaceState } from './place-machine.ts';
import { reconcile, type EventWindow } from './reconcile.ts';
import { emptyOutput, freshTrackState, TrackMachine, type Fix, type TrackState } from './track-machine.ts';

export const MACHINE = 'derive';

/** Events this module derives from positions and corrects (see reconcile.ts) when late data changes them. */
export const TRACK_EVENTS: EventType[] = [
  'trip-start',
  'trip-end',
  'overspeed',
  'harsh-acceleration',
  'harsh-braking',
  'ignition-on',
  'ignition-off',
];
export const PLACE_EVENTS: EventType[] = ['place-enter', 'place-exit'];

interface DeviceState {
  track: TrackState;
  places: PlaceState;
  alarms: AlarmState;
}

/** What a stop keeps to restart the other machines from its first fix. */
interface Resume {
  places: PlaceState;
  alarms: AlarmState;
}

/** Writes derived events through the commit path (live stream, webhooks, sync cursor), all in one commit. */
export type EmitEvents = (records: DerivedEvents[]) => Promise<void>;
export interface DerivedEvents {
  deviceId: number;
  events: EventFields[];
}

/** What one pass derived for one device, to be stored with the other devices of the batch. */
interface Pass {
  change: DerivedChange;
  events: EventFields[];
}

const REPLAY_PAGE = 5000;

/**
 * Runs the trip/stop, place and alarm machines over a device's new positions. In-order data continues from the
 * stored state. Data older than what was already derived replays the device from the start of the second-latest
 * stop before it (the state there depends only on later fixes, see TrackMachine), replacing the trips and stops
 * derived since and correcting the events (see reconcile.ts): the result is the same whatever order the fixes
 * arrived in, and consumers of the commit order see every correction.
 */
export class Deriver {
  constructor(
    private readonly storage: Storage,
    private readonly contexts: ContextCache,
    private readonly emit: EmitEvents,
  ) {}

  /**
   * Derives newly stored positions (per device, in fix-time order) and stores the result of every device in one
   * transaction, then their events in one commit: a batch costs two writes, however many devices it holds.
   */
  async derive(byDevice: Map<number, StoredPosition[]>): Promise<void> {
    const passes: Pass[] = [];
    for (const [deviceId, positions] of byDevice) {
      const pass = await this.pass(deviceId, positions);
      if (pass) passes.push(pass);
    }
    if (!passes.length) return;
    await this.storage.saveDerived(passes.map((p) => p.change));
    const records = passes.filter((p) => p.events.length);
    if (records.length)
      await this.emit(records.map((p) => ({ deviceId: p.change.deviceId, events: p.events })));
  }

  private async pass(deviceId: number, positions: StoredPosition[]): Promise<Pass | null> {
    if (!positions.length) return null;
    const context = await this.contexts.get(deviceId);
    if (!context) return null;
    const saved = (await this.storage.getDeriveState(deviceId, MACHINE)) as DeviceState | null;
    const lastTime = saved?.track.lastTime;
    if (lastTime != null && positions[0]!.fixTime <= lastTime)
      return this.replay(context, positions[0]!.fixTime);
    const state = saved ?? { track: freshTrackState(), places: {}, alarms: { lowBattery: false } };
    const { trips, stops, events } = this.run(context, state, positions, null);
    return { change: { deviceId, machine: MACHINE, state, trips, stops }, events };
  }

  /** Recomputes everything the device derived from the second-latest stop before `time` on. */
  private async replay(context: DeviceContext, time: number): Promise<Pass> {
    const deviceId = context.device.id;
    const starts = await this.storage.stopStartsBefore(deviceId, time, 2);
    const from = starts.length === 2 ? starts[1]! : null;
    const resume = from == null ? null : ((await this.storage.stopResume(deviceId, from)) as Resume | null);
    const state: DeviceState = {
      track: freshTrackState(),
      places: structuredClone(resume?.places ?? {}),
      alarms: { ...(resume?.alarms ?? { lowBattery: false }) },
    };
    // A crossing begun before the stop and confirmed after it is redone too, so its event goes as well.
    const pending = PlaceMachine.pendingSince(state.places);
    const placeFrom = from == null ? null : Math.min(from, pending ?? from);
    const positions: StoredPosition[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.storage.listPositions({
        deviceId,
        from: from ?? undefined,
        order: 'asc',
        cursor,
        limit: REPLAY_PAGE,
      });
      positions.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const derived = this.run(context, state, positions, from);
    const windows: EventWindow[] = [
      { types: TRACK_EVENTS, from: from == null ? null : from + 1 },
      { types: PLACE_EVENTS, from: placeFrom },
    ];
    const events = reconcile(await this.storedEvents(deviceId, windows), derived.events, windows);
    const change = {
      deviceId,
      machine: MACHINE,
      state,
      replace: { from },
      trips: derived.trips,
      stops: derived.stops,
    };
    return { change, events };
  }

  /** The device's events in the windows a replay recomputes, whatever their number. */
  private async storedEvents(deviceId: number, windows: EventWindow[]): Promise<StoredEvent[]> {
    const from = windows.some((w) => w.from == null) ? undefined : Math.min(...windows.map((w) => w.from!));
    const types = [...new Set(windows.flatMap((w) => w.types))];
    const found: StoredEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.storage.listEvents({
        scope: '/',
        deviceId,
        types,
        from,
        cursor,
        limit: REPLAY_PAGE,
      });
      found.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return found;
  }

  private run(
    context: DeviceContext,
    state: DeviceState,
    positions: StoredPosition[],
    quietUntil: number | null,
  ) {
    const out = emptyOutput();
    const track = new TrackMachine(context.rules, state.track, out, quietUntil);
    const places = new PlaceMachine(context.rules, context.shapes, state.places, out.events);
    const resume = (): Resume => ({ places: places.snapshot(), alarms: { ...state.alarms } });
    for (const p of positions) {
      const fix = toFix(p);
      if (track.step(fix, resume)) places.step(fix);
      alarmStep(context.rules, state.alarms, { ...fix, attributes: p.attributes }, out.events);
    }
    const stops: NewStop[] = [...out.stops.values()].map((s) => ({ ...s, placeId: placeOf(context, s) }));
    return { trips: [...out.trips.values()], stops, events: out.events };
  }
}

function toFix(p: StoredPosition): Fix {
  return {
    time: p.fixTime,
    lat: p.lat,
    lon: p.lon,
    valid: p.valid,
    speed: p.speed,
    ignition: p.ignition,
    odometer: p.odometer,
  };
}

/** The place a stop is in: the first watching place that contains its position. */
function placeOf(context: DeviceContext, stop: Stop): number | null {
  for (const s of context.shapes) {
    if (stop.lat < s.minLat || stop.lat > s.maxLat || stop.lon < s.minLon || stop.lon > s.maxLon) continue;
    if (edgeDistance(s.place, stop) <= 0) return s.place.id;
  }
  return null;
}
