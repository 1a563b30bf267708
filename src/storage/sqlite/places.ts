import type Database from 'better-sqlite3';
import type { Place } from '../../model/derived.ts';
import { decodeCursor, encodeCursor, isNumberPair } from '../cursor.ts';
import { DuplicateIdentifierError, type NewPlace, type PlacePatch, type PlaceQuery } from '../places.ts';
import type { Page } from '../storage.ts';
import { placeFromRow } from './derived-rows.ts';
import type { Row } from './rows.ts';

const SCOPED = `SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id WHERE g.path LIKE ? || '%'`;

export function createPlace(db: Database.Database, input: NewPlace): Place {
  const now = Date.now();
  try {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO places (group_id, name, identifier, details, labels, lat, lon, radius, polygon, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
    return placeFromRow(db.prepare('SELECT * FROM places WHERE id = ?').get(lastInsertRowid) as Row);
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new DuplicateIdentifierError(`a place with identifier "${input.identifier}" exists`);
    }
    throw e;
  }
}

export function getPlace(db: Database.Database, identifier: string, scope: string): Place | null {
  const r = db.prepare(`${SCOPED} AND p.identifier = ?`).get(scope, identifier) as Row | undefined;
  return r ? placeFromRow(r) : null;
}

export function listPlaces(db: Database.Database, q: PlaceQuery): Page<Place> {
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
  const rows = db
    .prepare(`${SCOPED} ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY p.id LIMIT ?`)
    .all(...params, q.limit + 1) as Row[];
  const items = rows.map(placeFromRow);
  const more = items.length > q.limit;
  if (more) items.pop();
  const last = items[items.length - 1];
  return { items, next: more && last ? encodeCursor([0, last.id]) : null };
}

export function updatePlace(
  db: Database.Database,
  identifier: string,
  scope: string,
  patch: PlacePatch,
): Place | null {
  const place = getPlace(db, identifier, scope);
  if (!place) return null;
  db.prepare('UPDATE places SET name = ?, details = ?, labels = ?, updated_at = ? WHERE id = ?').run(
    patch.name ?? place.name,
    patch.details === undefined ? place.details : patch.details,
    JSON.stringify(patch.labels ?? place.labels),
    Date.now(),
    place.id,
  );
  return getPlace(db, identifier, scope);
}

export function setPlaceArchived(
  db: Database.Database,
  identifier: string,
  scope: string,
  archivedAt: number | null,
): Place | null {
  const place = getPlace(db, identifier, scope);
  if (!place) return null;
  db.prepare('UPDATE places SET archived = ?, archived_at = ?, updated_at = ? WHERE id = ?').run(
    archivedAt == null ? 0 : 1,
    archivedAt,
    Date.now(),
    place.id,
  );
  return getPlace(db, identifier, scope);
}

export function placesWatching(db: Database.Database, groupPath: string): Place[] {
  return (
    db
      .prepare(
        `SELECT p.* FROM places p JOIN groups g ON g.id = p.group_id
         WHERE p.archived = 0 AND ? LIKE g.path || '%' ORDER BY p.id`,
      )
      .all(groupPath) as Row[]
  ).map(placeFromRow);
}
