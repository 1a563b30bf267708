import type { Stop } from '../model/derived.ts';
import type { EventFields, EventType, StoredEvent, StoredPosition } from '../model/records.ts';
import type { DerivedChange, NewStop } from '../storage/derived.ts';
import type { Storage } from '../storage/storage.ts';
import { alarmStep, type AlarmState } from './alarm-machine.ts';
import { latestBefore, SPACING_MS, thin } from './checkpoints.ts';
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
  /** Times of the device's stored checkpoints, oldest first (see checkpoints.ts). */
  checkpoints?: number[];
}

interface Checkpoint {
  time: number;
  /** The state after the fix at `time`, as JSON (taken then, before later fixes change it). */
  state: string;
}

interface RunOptions {
  /** Track events at or before this time are not raised again: a replay keeps the stored ones. */
  quietUntil: number | null;
  /** Outputs the trip in progress before the first fix (a replay from a checkpoint). */
  presentTrip?: boolean;
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
/** Longest stretch of derivation work between two turns of the event loop. */
const YIELD_AFTER_MS = 10;

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
    const ids = [...byDevice.keys()];
    // One read of the states and one of the contexts for the whole page, not one per device.
    const [contexts, states] = await Promise.all([
      this.contexts.getMany(ids),
      this.storage.getDeriveStates(ids, MACHINE),
    ]);
    const passes: Pass[] = [];
    let slice = performance.now();
    for (const [deviceId, positions] of byDevice) {
      const context = contexts.get(deviceId);
      const pass =
        context && (await this.pass(context, states.get(deviceId) as DeviceState | undefined, positions));
      if (pass) passes.push(pass);
      // Derivation shares the event loop with HTTP: it lets requests in between devices, so they wait at most
      // about one slice, however long the page takes.
      if (performance.now() - slice > YIELD_AFTER_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    if (!passes.length) return;
    await this.storage.saveDerived(passes.map((p) => p.change));
    const records = passes.filter((p) => p.events.length);
    if (records.length)
      await this.emit(records.map((p) => ({ deviceId: p.change.deviceId, events: p.events })));
  }

  private async pass(
    context: DeviceContext,
    saved: DeviceState | undefined,
    positions: StoredPosition[],
  ): Promise<Pass | null> {
    if (!positions.length) return null;
    const deviceId = context.device.id;
    const lastTime = saved?.track.lastTime;
    if (saved && lastTime != null && positions[0]!.fixTime <= lastTime)
      return this.replay(context, saved, positions[0]!.fixTime);
    const state = saved ?? { track: freshTrackState(), places: {}, alarms: { lowBattery: false } };
    const kept = state.checkpoints ?? [];
    const machines = new MachineRun(context, state, { quietUntil: null });
    machines.step(positions);
    const { trips, stops, events, checkpoints } = machines.result();
    return {
      change: {
        deviceId,
        machine: MACHINE,
        state,
        trips,
        stops,
        checkpoints: checkpointChange(kept, checkpoints, state),
      },
      events,
    };
  }

  /**
   * Recomputes everything the device derived after `time`'s replay start: the latest checkpoint before it, or
   * the start of the second-latest stop before it if that is later (see checkpoints.ts).
   */
  private async replay(context: DeviceContext, saved: DeviceState, time: number): Promise<Pass> {
    const deviceId = context.device.id;
    const starts = await this.storage.stopStartsBefore(deviceId, time, 2);
    const stopFrom = starts.length === 2 ? starts[1]! : null;
    const checkpoint = latestBefore(saved.checkpoints ?? [], time);
    if (checkpoint != null && (stopFrom == null || checkpoint >= stopFrom)) {
      const snapshot = (await this.storage.deriveCheckpoint(
        deviceId,
        MACHINE,
        checkpoint,
      )) as DeviceState | null;
      if (snapshot) return this.replayFrom(context, saved, checkpoint, snapshot);
    }
    const from = stopFrom;
    const resume = from == null ? null : ((await this.storage.stopResume(deviceId, from)) as Resume | null);
    const state: DeviceState = {
      track: freshTrackState(),
      places: structuredClone(resume?.places ?? {}),
      alarms: { ...(resume?.alarms ?? { lowBattery: false }) },
      checkpoints: from == null ? [] : (saved.checkpoints ?? []).filter((t) => t < from),
    };
    // A crossing begun before the stop and confirmed after it is redone too, so its event goes as well.
    const pending = PlaceMachine.pendingSince(state.places);
    const placeFrom = from == null ? null : Math.min(from, pending ?? from);
    const windows: EventWindow[] = [
      { types: TRACK_EVENTS, from: from == null ? null : from + 1 },
      { types: PLACE_EVENTS, from: placeFrom },
    ];
    return this.rerun(context, saved, state, from, windows, { quietUntil: from });
  }

  /**
   * Replays from a checkpoint taken after the fix at `time`: what later fixes derived is replaced, the trip in
   * progress there is rewritten, and events are compared from there on (a trip may end, and the next one start,
   * on that fix).
   */
  private replayFrom(context: DeviceContext, saved: DeviceState, time: number, snapshot: DeviceState) {
    const state: DeviceState = {
      track: snapshot.track,
      places: snapshot.places,
      alarms: snapshot.alarms,
      checkpoints: (saved.checkpoints ?? []).filter((t) => t <= time),
    };
    const windows: EventWindow[] = [
      { types: TRACK_EVENTS, from: time + 1 },
      { types: ['trip-start', 'trip-end'], from: time },
      { types: PLACE_EVENTS, from: time + 1 },
    ];
    return this.rerun(context, saved, state, time, windows, {
      quietUntil: time - 1,
      presentTrip: true,
      after: time,
    });
  }

  /** Runs the machines from `state` over the device's positions from `from` on and reconciles the result. */
  private async rerun(
    context: DeviceContext,
    saved: DeviceState,
    state: DeviceState,
    from: number | null,
    windows: EventWindow[],
    options: RunOptions & { after?: number },
  ): Promise<Pass> {
    const deviceId = context.device.id;
    const kept = state.checkpoints ?? [];
    // A replay may cover years of the device's history (a fix dated 2001 after a GPS week rollover): the machines
    // take it a page at a time, and requests get the event loop between pages. Holding it whole held 150 MB and
    // the event loop for seconds per 100,000 positions.
    const machines = new MachineRun(context, state, options);
    let cursor: string | null = null;
    do {
      const page = await this.storage.listPositions({
        deviceId,
        from: options.after != null ? options.after + 1 : (from ?? undefined),
        order: 'asc',
        cursor,
        limit: REPLAY_PAGE,
      });
      machines.step(page.items);
      cursor = page.next;
      if (cursor) await new Promise((resolve) => setImmediate(resolve));
    } while (cursor);
    const derived = machines.result();
    const events = reconcile(await this.storedEvents(deviceId, windows), derived.events, windows);
    const change: DerivedChange = {
      deviceId,
      machine: MACHINE,
      state,
      replace: { from },
      trips: derived.trips,
      stops: derived.stops,
      checkpoints: checkpointChange(saved.checkpoints ?? [], derived.checkpoints, state, kept),
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
}

/** The machines of one pass over a device's positions, fed in order a page at a time. */
class MachineRun {
  private readonly out = emptyOutput();
  private readonly track: TrackMachine;
  private readonly places: PlaceMachine;
  private readonly checkpoints: Checkpoint[] = [];
  private lastCheckpoint: number;

  constructor(
    private readonly context: DeviceContext,
    private readonly state: DeviceState,
    options: RunOptions,
  ) {
    this.track = new TrackMachine(context.rules, state.track, this.out, options.quietUntil);
    this.places = new PlaceMachine(context.rules, context.places, state.places, this.out.events);
    if (options.presentTrip) this.track.presentTrip();
    this.lastCheckpoint = state.checkpoints?.at(-1) ?? -Infinity;
  }

  step(positions: readonly StoredPosition[]): void {
    const { context, state, track, places } = this;
    const resume = (): Resume => ({ places: places.snapshot(), alarms: { ...state.alarms } });
    for (const p of positions) {
      const fix = toFix(p);
      const taken = track.step(fix, resume);
      if (taken) places.step(fix);
      alarmStep(context.rules, state.alarms, { ...fix, attributes: p.attributes }, this.out.events);
      if (
        taken &&
        fix.time - this.lastCheckpoint >= SPACING_MS &&
        track.atCheckpoint() &&
        PlaceMachine.pendingSince(state.places) == null
      ) {
        const { track: t, places: pl, alarms } = state;
        this.checkpoints.push({ time: fix.time, state: JSON.stringify({ track: t, places: pl, alarms }) });
        this.lastCheckpoint = fix.time;
      }
    }
  }

  result() {
    const { context, out } = this;
    const stops: NewStop[] = [...out.stops.values()].map((s) => ({ ...s, placeId: placeOf(context, s) }));
    return { trips: [...out.trips.values()], stops, events: out.events, checkpoints: this.checkpoints };
  }
}

/**
 * The checkpoints to save and drop after a pass: `taken` are new, `kept` those still valid in the pass's starting
 * state, `before` those stored; the result is thinned (see checkpoints.ts) and recorded in the state.
 */
function checkpointChange(
  before: readonly number[],
  taken: Checkpoint[],
  state: DeviceState,
  kept: readonly number[] = before,
): DerivedChange['checkpoints'] {
  const all = [...kept, ...taken.map((k) => k.time)];
  const newest = state.track.lastTime ?? all.at(-1) ?? 0;
  const keep = new Set(thin(all, newest));
  state.checkpoints = [...keep];
  return {
    save: taken.filter((k) => keep.has(k.time)),
    drop: before.filter((t) => !keep.has(t)),
  };
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
  const { shapes } = context.places;
  for (const at of context.places.near(stop).sort((a, b) => a - b)) {
    const s = shapes[at]!;
    if (edgeDistance(s.place, stop) <= 0) return s.place.id;
  }
  return null;
}
