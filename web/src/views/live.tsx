import type { Map as MapLibre } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DeviceList } from '../components/device-list.tsx';
import { ago, time } from '../format.ts';
import type { LiveStore } from '../live-store.ts';
import { DeviceLayer, STATUS_COLOURS } from '../map/device-layer.ts';
import { MapView } from '../map/map-view.tsx';
import { navigate } from '../router.ts';

/** The live map: every device moving as positions are committed, coloured by state, beside the device list. */
export function LiveView({ store, selected }: { store: LiveStore; selected: number | null }) {
  const layer = useMemo(() => new DeviceLayer(store, (id) => navigate(`live/${id}`)), [store]);
  const map = useRef<MapLibre | null>(null);
  const fitted = useRef(false);
  const [, setVersion] = useState(0);

  useEffect(
    () =>
      store.subscribe((changed) => {
        layer.refresh(changed);
        if (selected !== null && changed.has(selected)) setVersion((v) => v + 1);
        fitOnce();
      }),
    [store, layer, selected],
  );
  useEffect(() => {
    layer.highlight(selected);
    const p = selected !== null ? store.devices.get(selected)?.device.latestPosition : null;
    if (p && map.current)
      map.current.easeTo({ center: [p.lon, p.lat], zoom: Math.max(map.current.getZoom(), 12) });
  }, [selected]);

  /** Frames every device the first time there are some. */
  function fitOnce() {
    if (fitted.current || !map.current) return;
    const points = [...store.devices.values()].flatMap((d) =>
      d.device.latestPosition ? [d.device.latestPosition] : [],
    );
    if (!points.length) return;
    fitted.current = true;
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    map.current.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      { padding: 60, maxZoom: 13, duration: 0 },
    );
  }

  const chosen = selected !== null ? store.devices.get(selected) : undefined;
  return (
    <div class="split">
      <aside class="side">
        <DeviceList store={store} selected={selected} onSelect={(id) => navigate(`live/${id}`)} />
        {chosen && (
          <section class="details" aria-label="Selected device">
            <h2>{chosen.device.name}</h2>
            <p>
              <span class={`badge status-${chosen.status}`}>{chosen.status}</span> last seen{' '}
              {ago(chosen.device.lastSeen)}
            </p>
            {chosen.device.latestPosition && (
              <p>
                {time(chosen.device.latestPosition.fixTime)} · {chosen.device.latestPosition.lat.toFixed(5)},{' '}
                {chosen.device.latestPosition.lon.toFixed(5)}
                {chosen.device.latestPosition.speed != null &&
                  ` · ${Math.round(chosen.device.latestPosition.speed)} km/h`}
              </p>
            )}
            <a href={`#/history/${chosen.device.id}`}>History of {chosen.device.name}</a>
          </section>
        )}
      </aside>
      <div class="map-box">
        <MapView
          label="Live map of devices"
          onMap={(m) => {
            map.current = m;
            fitOnce();
          }}
          onStyle={(m) => {
            layer.install(m);
            layer.refresh();
            fitOnce();
          }}
        />
        <ul class="legend" aria-label="Legend">
          {Object.entries(STATUS_COLOURS).map(([status, colour]) => (
            <li key={status}>
              <span class="dot" style={{ background: colour }} aria-hidden="true" />
              {status}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
