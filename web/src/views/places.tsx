import type { Map as MapLibre } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, get, getAll, query } from '../api.ts';
import { duration, fromLocalInput, localInput, time } from '../format.ts';
import type { LiveStore } from '../live-store.ts';
import { MapView } from '../map/map-view.tsx';
import { metres, PlaceLayers, placeRing, type Drawing } from '../map/place-layers.ts';
import type { Place, PlaceVisit } from '../types.ts';

/** Places (geofences) on the map: draw circles and polygons, edit, archive and restore; visits of a device. */
export function PlacesView({ store, canEdit }: { store: LiveStore; canEdit: boolean }) {
  const [places, setPlaces] = useState<Place[]>([]);
  const [showArchived, setShowArchived] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [shape, setShape] = useState<Pick<Place, 'latitude' | 'longitude' | 'radius' | 'polygon'> | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const map = useRef<MapLibre | null>(null);
  const drawingRef = useRef(drawing);
  drawingRef.current = drawing;

  const layers = useMemo(
    () =>
      new PlaceLayers((point, placeId) => {
        const d = drawingRef.current;
        if (!d) return setSelected(placeId);
        const points = [...d.points, point];
        if (d.kind === 'circle' && points.length === 2) {
          const [c, edge] = points as [[number, number], [number, number]];
          finish({
            latitude: c[1],
            longitude: c[0],
            radius: Math.max(1, Math.round(metres(c, edge))),
            polygon: null,
          });
        } else setDrawing({ ...d, points });
      }),
    [],
  );

  const reload = async () =>
    setPlaces(
      await getAll<Place>(`/places?${query({ archived: showArchived ? undefined : 'false', limit: 1000 })}`),
    );
  useEffect(() => void reload(), [showArchived]);
  useEffect(() => layers.show(places, selected), [places, selected]);
  useEffect(() => layers.draw(drawing), [drawing]);
  useEffect(() => {
    const p = places.find((x) => x.id === selected);
    if (p && map.current) fit(placeRing(p));
  }, [selected]);

  function fit(ring: [number, number][]) {
    if (!map.current || !ring.length) return;
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    map.current.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      { padding: 80, maxZoom: 16, duration: 0 },
    );
  }

  function finish(s: NonNullable<typeof shape>) {
    setDrawing(null);
    setShape(s);
  }

  function finishPolygon() {
    const points = drawing?.points ?? [];
    if (points.length < 3) return setError('A polygon needs at least three points.');
    const lat = points.reduce((a, p) => a + p[1], 0) / points.length;
    const lon = points.reduce((a, p) => a + p[0], 0) / points.length;
    finish({ latitude: lat, longitude: lon, radius: null, polygon: points.map(([x, y]) => [y, x]) });
  }

  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const place = await api<Place>('POST', '/places', {
        name: String(form.get('name')),
        details: String(form.get('details') || '') || null,
        labels: labels(form),
        latitude: shape!.latitude,
        longitude: shape!.longitude,
        ...(shape!.polygon ? { polygon: shape!.polygon } : { radius: shape!.radius }),
      });
      setShape(null);
      setError(null);
      await reload();
      setSelected(place.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const chosen = places.find((p) => p.id === selected);
  return (
    <div class="split">
      <aside class="side places">
        {canEdit && !shape && (
          <div class="toolbar" role="toolbar" aria-label="Draw a place">
            <button
              type="button"
              aria-pressed={drawing?.kind === 'circle'}
              onClick={() => setDrawing({ kind: 'circle', points: [] })}
            >
              Draw circle
            </button>
            <button
              type="button"
              aria-pressed={drawing?.kind === 'polygon'}
              onClick={() => setDrawing({ kind: 'polygon', points: [] })}
            >
              Draw polygon
            </button>
            {drawing?.kind === 'polygon' && (
              <button type="button" onClick={finishPolygon}>
                Finish shape
              </button>
            )}
            {drawing && (
              <button type="button" onClick={() => setDrawing(null)}>
                Cancel
              </button>
            )}
          </div>
        )}
        {drawing && (
          <p class="hint" aria-live="polite">
            {drawing.kind === 'circle'
              ? drawing.points.length
                ? 'Click the edge of the circle.'
                : 'Click the centre of the circle.'
              : `Click the corners (${drawing.points.length} so far), then Finish shape.`}
          </p>
        )}
        {shape && (
          <form class="place-form" onSubmit={(e) => void create(e)} aria-label="New place">
            <h2>New place</h2>
            <p class="muted">
              {shape.polygon ? `Polygon of ${shape.polygon.length} points` : `Circle of ${shape.radius} m`}
            </p>
            <PlaceFields />
            <button type="submit">Save place</button>
            <button type="button" onClick={() => setShape(null)}>
              Discard
            </button>
          </form>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
          />
          Show archived places
        </label>
        <ul class="place-list" aria-label="Places">
          {places.map((p) => (
            <li key={p.id}>
              <button type="button" aria-pressed={p.id === selected} onClick={() => setSelected(p.id)}>
                {p.name}
                {p.archived && <small> (archived)</small>}
              </button>
            </li>
          ))}
          {!places.length && <li class="muted">No places yet.</li>}
        </ul>
        {chosen && <PlaceEditor key={chosen.id} place={chosen} canEdit={canEdit} onChanged={reload} />}
        <PlaceVisits store={store} />
      </aside>
      <div class="map-box">
        <MapView
          label="Map of places"
          onMap={(m) => (map.current = m)}
          onStyle={(m) => {
            layers.install(m);
            layers.show(places, selected);
            const rings = places.filter((p) => !p.archived).flatMap(placeRing);
            const points = [...store.devices.values()].flatMap((d) =>
              d.device.latestPosition
                ? [[d.device.latestPosition.lon, d.device.latestPosition.lat] as [number, number]]
                : [],
            );
            fit(rings.length ? rings : points);
          }}
        />
      </div>
    </div>
  );
}

const labels = (form: FormData) =>
  String(form.get('labels') || '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

function PlaceFields({ place }: { place?: Place }) {
  return (
    <>
      <label>
        Name
        <input name="name" required maxLength={200} defaultValue={place?.name} />
      </label>
      <label>
        Details
        <input name="details" defaultValue={place?.details ?? ''} />
      </label>
      <label>
        Labels (comma-separated)
        <input name="labels" defaultValue={place?.labels.join(', ')} />
      </label>
    </>
  );
}

function PlaceEditor({
  place,
  canEdit,
  onChanged,
}: {
  place: Place;
  canEdit: boolean;
  onChanged: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const act = (work: () => Promise<unknown>) => work().then(onChanged, (err: Error) => setError(err.message));
  const id = encodeURIComponent(place.identifier);
  const save = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    void act(() =>
      api('PUT', `/places/${id}`, {
        name: form.get('name'),
        details: form.get('details') || null,
        labels: labels(form),
      }),
    );
  };
  return (
    <section class="place-editor" aria-label={`Place ${place.name}`}>
      <h2>{place.name}</h2>
      <p class="muted">
        {place.identifier} · {place.polygon ? 'polygon' : `circle of ${place.radius} m`}
      </p>
      {canEdit ? (
        <form onSubmit={save}>
          <PlaceFields place={place} />
          <button type="submit">Save</button>
          <button
            type="button"
            onClick={() =>
              void act(() => api('PUT', `/places/${id}/${place.archived ? 'restore' : 'archive'}`))
            }
          >
            {place.archived ? 'Restore' : 'Archive'}
          </button>
        </form>
      ) : (
        <p>{place.details}</p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}

function PlaceVisits({ store }: { store: LiveStore }) {
  const [deviceId, setDeviceId] = useState('');
  const [visits, setVisits] = useState<PlaceVisit[] | null>(null);
  const from = localInput(Date.now() - 7 * 86_400_000);
  const load = async (id: string) => {
    setDeviceId(id);
    if (!id) return setVisits(null);
    const q = query({
      deviceId: id,
      from: fromLocalInput(from),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    });
    setVisits((await get<{ items: PlaceVisit[] }>(`/reports/place-visits?${q}`)).items);
  };
  return (
    <section aria-label="Place visits">
      <h2>Visits (last 7 days)</h2>
      <select
        aria-label="Device for place visits"
        value={deviceId}
        onChange={(e) => void load(e.currentTarget.value)}
      >
        <option value="">Choose a device</option>
        {[...store.devices.values()].map(({ device }) => (
          <option key={device.id} value={device.id}>
            {device.name}
          </option>
        ))}
      </select>
      {visits && (
        <ul class="visits">
          {visits.map((v, i) => (
            <li key={i}>
              {v.placeName}: {time(v.enterTime)} → {v.exitTime ? time(v.exitTime) : 'inside'} (
              {duration(v.durationSeconds)})
            </li>
          ))}
          {!visits.length && <li class="muted">No visits.</li>}
        </ul>
      )}
    </section>
  );
}
