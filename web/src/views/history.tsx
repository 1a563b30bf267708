import type { Map as MapLibre } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get, getAll, query } from '../api.ts';
import { SpeedChart } from '../components/speed-chart.tsx';
import { duration, fromLocalInput, km, localInput, time } from '../format.ts';
import type { LiveStore } from '../live-store.ts';
import { MapView } from '../map/map-view.tsx';
import { TrackLayers } from '../map/track-layers.ts';
import { speedsOf } from '../track-speed.ts';
import { navigate } from '../router.ts';
import type { Position, Stop, Trip } from '../types.ts';

const FORMATS = ['gpx', 'kml', 'geojson', 'csv'] as const;
/** Replay speed: one position per step. */
const REPLAY_STEP_MS = 80;

/** A device's positions over a range as a track, its trips and stops, a replay slider, speed, and exports. */
export function HistoryView({ store, deviceId }: { store: LiveStore; deviceId: number | null }) {
  const [from, setFrom] = useState(() => localInput(Date.now() - 86_400_000));
  const [to, setTo] = useState(() => localInput(Date.now() + 3_600_000));
  const [positions, setPositions] = useState<Position[]>([]);
  const [trips, setTrips] = useState<Trip[]>([]);
  const [stops, setStops] = useState<Stop[]>([]);
  const [trip, setTrip] = useState<Trip | null>(null);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [loading, setLoading] = useState(false);
  const layers = useMemo(() => new TrackLayers(), []);
  const map = useRef<MapLibre | null>(null);
  const devices = [...store.devices.values()]
    .map((d) => d.device)
    .sort((a, b) => a.name.localeCompare(b.name));
  const range = { from: fromLocalInput(from), to: fromLocalInput(to) };

  const load = async () => {
    if (deviceId === null) return;
    setLoading(true);
    const q = query({ deviceId, ...range });
    const [p, t, s] = await Promise.all([
      getAll<Position>(`/devices/${deviceId}/positions?${query({ ...range, limit: 1000 })}`, 50_000),
      get<{ items: Trip[] }>(`/reports/trips?${q}`),
      get<{ items: Stop[] }>(`/reports/stops?${q}`),
    ]).finally(() => setLoading(false));
    setPositions(p);
    setTrips(t.items);
    setStops(s.items);
    setTrip(null);
    setAt(0);
    layers.showTrack(p, s.items);
    layers.showCursor(p[0] ?? null);
    fit(p);
  };
  useEffect(() => void load(), [deviceId]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setAt((i) => Math.min(i + 1, positions.length - 1)), REPLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing, positions]);
  useEffect(() => {
    if (playing && at >= positions.length - 1) setPlaying(false);
  }, [at, playing, positions]);
  useEffect(() => layers.showCursor(positions[at] ?? null), [at, positions]);

  function fit(points: Position[]) {
    if (!map.current || !points.length) return;
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    map.current.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      { padding: 50, maxZoom: 16, duration: 0 },
    );
  }

  const chooseTrip = (t: Trip) => {
    setTrip(t);
    layers.showTrip(positions, t);
    fit(positions.filter((p) => p.fixTime >= t.startTime && p.fixTime <= t.endTime));
  };
  const cursor = positions[at];
  const speeds = useMemo(() => speedsOf(positions), [positions]);

  return (
    <div class="split">
      <aside class="side history">
        <form
          class="range"
          onSubmit={(e) => {
            e.preventDefault();
            void load();
          }}
        >
          <label>
            Device
            <select value={deviceId ?? ''} onChange={(e) => navigate(`history/${e.currentTarget.value}`)}>
              <option value="">Choose a device</option>
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            To
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={deviceId === null || loading}>
            Show
          </button>
        </form>
        {deviceId !== null && (
          <>
            <p aria-live="polite">
              {loading
                ? 'Loading…'
                : `${positions.length} positions, ${trips.length} trips, ${stops.length} stops`}
            </p>
            {positions.length > 1 && (
              <div class="replay">
                <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
                  {playing ? 'Pause' : 'Replay'}
                </button>
                <input
                  type="range"
                  min={0}
                  max={positions.length - 1}
                  value={at}
                  aria-label="Replay position"
                  aria-valuetext={cursor ? time(cursor.fixTime) : undefined}
                  onInput={(e) => setAt(Number(e.currentTarget.value))}
                />
                {cursor && (
                  <p class="cursor-info">
                    {time(cursor.fixTime)} · {Math.round(speeds[at] ?? 0)} km/h
                  </p>
                )}
                <SpeedChart positions={positions} at={at} />
              </div>
            )}
            <h2>Trips</h2>
            <ul class="trips" aria-label="Trips">
              {trips.map((t) => (
                <li key={t.startTime}>
                  <button type="button" class="trip" aria-pressed={trip === t} onClick={() => chooseTrip(t)}>
                    {time(t.startTime)} → {time(t.endTime)}
                    <small>
                      {km(t.distance)} · {duration(t.durationSeconds)}
                      {t.maxSpeed != null && ` · max ${Math.round(t.maxSpeed)} km/h`}
                      {t.open && ' · under way'}
                    </small>
                  </button>
                </li>
              ))}
              {!trips.length && <li class="muted">No trips in this range.</li>}
            </ul>
            <h2>Stops</h2>
            <ul class="stops" aria-label="Stops">
              {stops.map((s) => (
                <li key={s.startTime}>
                  {time(s.startTime)} · {duration(s.durationSeconds)}
                </li>
              ))}
              {!stops.length && <li class="muted">No stops in this range.</li>}
            </ul>
            <h2>Export</h2>
            <p class="exports">
              {FORMATS.map((f) => (
                <a key={f} href={`/api/v1/export?${query({ format: f, deviceId, ...range })}`} download>
                  {f.toUpperCase()}
                </a>
              ))}
            </p>
          </>
        )}
      </aside>
      <div class="map-box">
        <MapView
          label="Map of the device's track"
          onMap={(m) => (map.current = m)}
          onStyle={(m) => {
            layers.install(m);
            fit(positions);
          }}
        />
      </div>
    </div>
  );
}
