import type { Source } from '../../../model/records.ts';
import { DuplicateIdentifierError } from '../../../storage/places.ts';
import type { Storage } from '../../../storage/storage.ts';
import type { FaPlace } from '../wire.ts';

/**
 * Mirrors the entity's places into the source's group, by identifier: new ones created (a circle of `radius`
 * metres, since a FollowAnalytics place is a point), name, details and labels kept up to date, archived state
 * followed. Coordinates are read-only on both sides. A place whose identifier a group outside this one already
 * uses is left alone. Returns the identifiers created.
 */
export async function mirrorPlaces(
  storage: Storage,
  source: Source,
  places: FaPlace[],
  radius: number,
): Promise<string[]> {
  const group = await storage.getGroup(source.groupId);
  if (!group) return [];
  const created: string[] = [];
  for (const p of places) {
    if (!validPlace(p)) continue;
    let place = await storage.getPlace(p.identifier, group.path);
    if (!place) {
      try {
        place = await storage.createPlace({
          groupId: group.id,
          identifier: p.identifier,
          name: p.name,
          details: p.details ?? null,
          labels: p.labels ?? [],
          lat: p.latitude,
          lon: p.longitude,
          radius,
          polygon: null,
        });
        created.push(p.identifier);
      } catch (err) {
        if (err instanceof DuplicateIdentifierError) continue;
        throw err;
      }
    } else if (
      place.name !== p.name ||
      place.details !== (p.details ?? null) ||
      place.labels.join('\u0000') !== (p.labels ?? []).join('\u0000')
    ) {
      await storage.updatePlace(p.identifier, group.path, {
        name: p.name,
        details: p.details ?? null,
        labels: p.labels ?? [],
      });
    }
    if (place.archived !== Boolean(p.archived)) {
      const at = p.archived_at ? Date.parse(p.archived_at) : NaN;
      await storage.setPlaceArchived(
        p.identifier,
        group.path,
        p.archived ? (Number.isFinite(at) ? at : Date.now()) : null,
      );
    }
  }
  return created;
}

function validPlace(p: FaPlace): boolean {
  return (
    typeof p.identifier === 'string' &&
    p.identifier !== '' &&
    typeof p.name === 'string' &&
    p.name !== '' &&
    typeof p.latitude === 'number' &&
    Math.abs(p.latitude) <= 90 &&
    typeof p.longitude === 'number' &&
    Math.abs(p.longitude) <= 180
  );
}
