import { describe, expect } from 'vitest';
import { DuplicateIdentifierError, type NewPlace } from '../places.ts';
import { allPages, groupTree, storageIt, type OpenStorage } from './fixtures.ts';

const place = (groupId: number, identifier: string, extra: Partial<NewPlace> = {}): NewPlace => ({
  groupId,
  name: `Place ${identifier}`,
  identifier,
  details: 'by the gate',
  labels: ['depot'],
  lat: 52.5,
  lon: 13.4,
  radius: 150,
  polygon: null,
  ...extra,
});

/** Places: identifiers, scope, fixed coordinates, archive and restore, what watches a device. */
export function describePlaces(open: OpenStorage) {
  const it = storageIt(open);
  describe('places', () => {
    it('creates, reads and updates a place; coordinates stay as created', async (s) => {
      const g = await groupTree(s);
      const polygon: [number, number][] = [
        [52.5, 13.4],
        [52.6, 13.4],
        [52.6, 13.5],
        [52.5, 13.4],
      ];
      const created = await s.createPlace(place(g.fleet.id, 'P1', { radius: null, polygon }));
      expect(created).toMatchObject({
        identifier: 'P1',
        labels: ['depot'],
        polygon,
        radius: null,
        archived: false,
      });
      const updated = await s.updatePlace('P1', g.fleet.path, {
        name: 'Depot',
        labels: ['a', 'b'],
        details: null,
      });
      expect(updated).toMatchObject({
        name: 'Depot',
        labels: ['a', 'b'],
        details: null,
        lat: 52.5,
        lon: 13.4,
      });
      expect(await s.getPlace('P1', g.other.path)).toBeNull();
      expect(await s.updatePlace('P1', g.other.path, { name: 'x' })).toBeNull();
    });

    it('refuses a second place with the same identifier', async (s) => {
      const g = await groupTree(s);
      await s.createPlace(place(g.fleet.id, 'P1'));
      await expect(s.createPlace(place(g.other.id, 'P1'))).rejects.toBeInstanceOf(DuplicateIdentifierError);
    });

    it('archives and restores; archived places watch nobody', async (s) => {
      const g = await groupTree(s);
      await s.createPlace(place(g.root.id, 'ROOT'));
      await s.createPlace(place(g.fleet.id, 'FLEET'));
      await s.createPlace(place(g.vans.id, 'VANS'));
      await s.createPlace(place(g.other.id, 'OTHER'));
      const archived = await s.setPlaceArchived('FLEET', g.fleet.path, 1234);
      expect(archived).toMatchObject({ archived: true, archivedAt: 1234 });
      expect((await s.placesWatching(g.vans.path)).map((p) => p.identifier)).toEqual(['ROOT', 'VANS']);
      await s.setPlaceArchived('FLEET', g.fleet.path, null);
      expect((await s.placesWatching(g.vans.path)).map((p) => p.identifier)).toEqual([
        'ROOT',
        'FLEET',
        'VANS',
      ]);
      expect((await s.placesWatching(g.fleet.path)).map((p) => p.identifier)).toEqual(['ROOT', 'FLEET']);
    });

    it('lists by scope, archived flag and label, paged', async (s) => {
      const g = await groupTree(s);
      for (const id of ['A', 'B', 'C', 'D'])
        await s.createPlace(place(g.fleet.id, id, { labels: [id === 'C' ? 'x' : 'y'] }));
      await s.createPlace(place(g.other.id, 'E'));
      await s.setPlaceArchived('B', g.fleet.path, 1);
      const pages = await allPages((cursor) => s.listPlaces({ scope: g.fleet.path, cursor, limit: 2 }));
      expect(pages.flat().map((p) => p.identifier)).toEqual(['A', 'B', 'C', 'D']);
      const live = await s.listPlaces({ scope: g.fleet.path, archived: false, label: 'y', limit: 10 });
      expect(live.items.map((p) => p.identifier)).toEqual(['A', 'D']);
    });
  });
}
