import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import { DuplicateIdentifierError, type PlaceStore } from '../places.ts';
import { PLACES } from '../rows/tables.ts';
import type { SqliteDatabase } from './database.ts';
import { sqliteStorageError } from './errors.ts';

const SCOPED = `SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id WHERE g.path LIKE ? || '%'`;

export function sqlitePlaces(db: SqliteDatabase): PlaceStore {
  const getPlace = async (identifier: string, scope: string) => {
    const r = db.get(`${SCOPED} AND p.identifier = ?`, scope, identifier);
    return r ? PLACES.fromRow(r) : null;
  };
  return {
    async createPlace(input) {
      const now = Date.now();
      try {
        const r = db.get(
          `INSERT INTO places (group_id, name, identifier, details, labels, lat, lon, radius, polygon, created_at,
             updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          input.groupId,
          input.name,
          input.identifier,
          input.details ?? null,
          JSON.stringify(input.labels ?? []),
          input.lat,
          input.lon,
          input.radius,
          input.polygon ? JSON.stringify(input.polygon) : null,
          now,
          now,
        );
        return PLACES.fromRow(r!);
      } catch (e) {
        if (sqliteStorageError(e) !== e) {
          throw new DuplicateIdentifierError(`a place with identifier "${input.identifier}" exists`);
        }
        throw e;
      }
    },
    getPlace,
    async listPlaces(q) {
      const where: string[] = [];
      const params: unknown[] = [q.scope];
      const add = (clause: string, ...values: unknown[]) => {
        where.push(clause);
        params.push(...values);
      };
      if (q.groupId != null) add('p.group_id = ?', q.groupId);
      if (q.archived != null) add('p.archived = ?', q.archived ? 1 : 0);
      if (q.label != null) add('EXISTS (SELECT 1 FROM json_each(p.labels) WHERE value = ?)', q.label);
      if (q.cursor) {
        const [, id] = decodeCursor(q.cursor, isNumberPair);
        add('p.id > ?', id);
      }
      const rows = db.all(
        `${SCOPED} ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY p.id LIMIT ?`,
        ...params,
        q.limit + 1,
      );
      const items = rows.map(PLACES.fromRow);
      const more = items.length > q.limit;
      if (more) items.pop();
      const last = items[items.length - 1];
      return { items, next: more && last ? encodeCursor([0, last.id]) : null };
    },
    async updatePlace(identifier, scope, patch) {
      const place = await getPlace(identifier, scope);
      if (!place) return null;
      db.run(
        'UPDATE places SET name = ?, details = ?, labels = ?, updated_at = ? WHERE id = ?',
        patch.name ?? place.name,
        patch.details === undefined ? place.details : patch.details,
        JSON.stringify(patch.labels ?? place.labels),
        Date.now(),
        place.id,
      );
      return getPlace(identifier, scope);
    },
    async setPlaceArchived(identifier, scope, archivedAt) {
      const place = await getPlace(identifier, scope);
      if (!place) return null;
      db.run(
        'UPDATE places SET archived = ?, archived_at = ?, updated_at = ? WHERE id = ?',
        archivedAt == null ? 0 : 1,
        archivedAt,
        Date.now(),
        place.id,
      );
      return getPlace(identifier, scope);
    },
    async placesWatching(groupPath) {
      return db
        .all(
          `SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id
           WHERE p.archived = 0 AND ? LIKE g.path || '%' ORDER BY p.id`,
          groupPath,
        )
        .map(PLACES.fromRow);
    },
  };
}
