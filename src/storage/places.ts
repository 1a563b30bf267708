import { ConflictError } from './errors.ts';
import type { Place } from '../model/derived.ts';
import type { Page } from './page.ts';

/** Places (geofences) of DESIGN.md §3. Coordinates and shape are fixed at creation. */
export interface PlaceStore {
  /** Fails with `DuplicateIdentifierError` when the identifier is taken. */
  createPlace(input: NewPlace): Promise<Place>;
  /** By identifier, within the scope (a group path). */
  getPlace(identifier: string, scope: string): Promise<Place | null>;
  listPlaces(query: PlaceQuery): Promise<Page<Place>>;
  updatePlace(identifier: string, scope: string, patch: PlacePatch): Promise<Place | null>;
  /** Archives (with the time) or restores a place. */
  setPlaceArchived(identifier: string, scope: string, archivedAt: number | null): Promise<Place | null>;
  /** Places not archived that watch a device of the group with this path: those of the group and its ancestors. */
  placesWatching(groupPath: string): Promise<Place[]>;
}

export interface NewPlace {
  groupId: number;
  name: string;
  identifier: string;
  details?: string | null;
  labels?: string[];
  lat: number;
  lon: number;
  radius: number | null;
  polygon: [number, number][] | null;
}

export type PlacePatch = Partial<Pick<NewPlace, 'name' | 'details' | 'labels'>>;

export interface PlaceQuery {
  scope: string;
  groupId?: number;
  archived?: boolean;
  label?: string;
  cursor?: string | null;
  limit: number;
}

/** The place's identifier is taken in its group tree. */
export class DuplicateIdentifierError extends ConflictError {}
