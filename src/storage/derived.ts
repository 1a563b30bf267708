import type { Stop, StoredStop, StoredTrip, Trip } from '../model/derived.ts';
import type { Page } from './page.ts';

/** Trips, stops and the derivation machines' state (DESIGN.md §3, §4 late data). */
export interface DerivedStore {
  getDeriveState(deviceId: number, machine: string): Promise<unknown>;
  /** The saved states of these devices (those that have one), in one query. */
  getDeriveStates(deviceIds: number[], machine: string): Promise<Map<number, unknown>>;
  /**
   * Stores what one derivation pass produced for some devices, in one transaction. For each device: first, for
   * a replay, removes the derived trips and stops starting at or after `replace.from`; then upserts trips and
   * stops by (device, start time); then saves the machine state. Derived events are not touched here: they are
   * committed, and retracted, through the commit path so that consumers of the commit order see corrections.
   */
  saveDerived(changes: DerivedChange[]): Promise<void>;
  /** Start times of the device's latest stops starting before `before`, newest first. */
  stopStartsBefore(deviceId: number, before: number, limit: number): Promise<number[]>;
  /** The state saved in the device's checkpoint at `time` (see `DerivedChange.checkpoints`), or null. */
  deriveCheckpoint(deviceId: number, machine: string, time: number): Promise<unknown>;
  /** What a stop carries to resume other machines from its start (see `NewStop.resume`). */
  stopResume(deviceId: number, startTime: number): Promise<unknown>;
  listTrips(query: SpanQuery): Promise<Page<StoredTrip>>;
  listStops(query: SpanQuery): Promise<Page<StoredStop>>;
}

export interface NewStop extends Stop {
  /** Opaque state of other machines just before the stop began, kept with it for replays. */
  resume?: unknown;
}

export interface DerivedChange {
  deviceId: number;
  machine: string;
  state: unknown;
  replace?: {
    /** null: everything the device has derived. */
    from: number | null;
  };
  trips: Trip[];
  stops: NewStop[];
  /** Checkpoints of the machine state to add (JSON, by fix time) and the times of those to drop. */
  checkpoints?: {
    save: { time: number; state: string }[];
    drop: number[];
  };
}

/** Trips or stops overlapping [from, to), of one device or of every device in a group subtree. */
export interface SpanQuery {
  scope: string;
  deviceId?: number;
  groupId?: number;
  from?: number;
  to?: number;
  cursor?: string | null;
  limit: number;
}
