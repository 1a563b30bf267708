import type { Sql } from 'postgres';
import type { Place } from '../../model/derived.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import {
  DuplicateIdentifierError,
  type NewPlace,
  type PlacePatch,
  type PlaceQuery,
  type PlaceStore,
} from '../places.ts';
import { PLACES } from '../rows/tables.ts';
import { UNIQUE_VIOLATION } from './errors.ts';
import type { Page } from '../storage.ts';
import { jsonb } from './encode.ts';

export function postgresPlaces(sql: Sql): PlaceStore {
  const store: PlaceStore = {
    async createPlace(input: NewPlace): Promise<Place> {
      const now = Date.now();
      try {
        const [r] =
          await sql`INSERT INTO places (group_id, name, identifier, details, labels, lat, lon, radius, polygon,
        created_at, updated_at)
      VALUES (${input.groupId}, ${input.name}, ${input.identifier}, ${input.details ?? null},
        ${jsonb(sql, input.labels ?? [])}, ${input.lat}, ${input.lon}, ${input.radius},
        ${input.polygon ? jsonb(sql, input.polygon) : null}, ${now}, ${now})
      RETURNING *`;
        return PLACES.fromRow(r!);
      } catch (e) {
        if ((e as { code?: string }).code === UNIQUE_VIOLATION) {
          throw new DuplicateIdentifierError(`a place with identifier "${input.identifier}" exists`);
        }
        throw e;
      }
    },
    async getPlace(identifier: string, scope: string): Promise<Place | null> {
      const [r] = await sql`SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id
    WHERE g.path LIKE ${scope}::text || '%' AND p.identifier = ${identifier}`;
      return r ? PLACES.fromRow(r) : null;
    },
    async listPlaces(q: PlaceQuery): Promise<Page<Place>> {
      const after = q.cursor ? decodeCursor(q.cursor, isNumberPair)[1] : null;
      const rows = await sql`SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id
    WHERE g.path LIKE ${q.scope}::text || '%'
    ${q.groupId != null ? sql`AND p.group_id = ${q.groupId}` : sql``}
    ${q.archived != null ? sql`AND p.archived = ${q.archived}` : sql``}
    ${q.label != null ? sql`AND p.labels ? ${q.label}` : sql``}
    ${after != null ? sql`AND p.id > ${after}` : sql``}
    ORDER BY p.id LIMIT ${q.limit + 1}`;
      const items = rows.map(PLACES.fromRow);
      const more = items.length > q.limit;
      if (more) items.pop();
      const last = items[items.length - 1];
      return { items, next: more && last ? encodeCursor([0, last.id]) : null };
    },
    async updatePlace(identifier: string, scope: string, patch: PlacePatch) {
      const place = await store.getPlace(identifier, scope);
      if (!place) return null;
      await sql`UPDATE places SET name = ${patch.name ?? place.name},
    details = ${patch.details === undefined ? place.details : patch.details},
    labels = ${jsonb(sql, patch.labels ?? place.labels)}, updated_at = ${Date.now()} WHERE id = ${place.id}`;
      return store.getPlace(identifier, scope);
    },
    async setPlaceArchived(identifier: string, scope: string, archivedAt: number | null) {
      const place = await store.getPlace(identifier, scope);
      if (!place) return null;
      await sql`UPDATE places SET archived = ${archivedAt != null}, archived_at = ${archivedAt},
    updated_at = ${Date.now()} WHERE id = ${place.id}`;
      return store.getPlace(identifier, scope);
    },
    async placesWatching(groupPath: string): Promise<Place[]> {
      const rows = await sql`SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id
    WHERE NOT p.archived AND ${groupPath}::text LIKE g.path || '%' ORDER BY p.id`;
      return rows.map(PLACES.fromRow);
    },
  };
  return store;
}
