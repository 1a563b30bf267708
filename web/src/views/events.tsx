import { useEffect, useState } from 'preact/hooks';
import { getAll, query } from '../api.ts';
import { fromLocalInput, localInput, time } from '../format.ts';
import type { LiveStore } from '../live-store.ts';
import type { TrackEvent } from '../types.ts';

/** Event types of the native API (GET /events?type=). */
const TYPES = [
  'sos',
  'sos-cancelled',
  'place-enter',
  'place-exit',
  'device-silent',
  'device-back',
  'overspeed',
  'harsh-acceleration',
  'harsh-braking',
  'trip-start',
  'trip-end',
  'ignition-on',
  'ignition-off',
  'decode-error',
  'source-error',
  'low-battery',
  'callback-dead',
] as const;

/** More than this is a range to narrow rather than a list to read. */
const MAX_EVENTS = 5000;

interface Filter {
  type: string;
  deviceId: string;
  from: string;
  to: string;
}

const matches = (e: TrackEvent, f: Filter) =>
  (!f.type || e.type === f.type) &&
  (!f.deviceId || e.deviceId === Number(f.deviceId)) &&
  (!f.from || e.time >= fromLocalInput(f.from)) &&
  (!f.to || e.time < fromLocalInput(f.to));

/** Events filtered by type, device and time; new ones that match arrive live from the stream. */
export function EventsView({ store }: { store: LiveStore }) {
  const [filter, setFilter] = useState<Filter>({
    type: '',
    deviceId: '',
    from: localInput(Date.now() - 86_400_000),
    to: '',
  });
  const [events, setEvents] = useState<TrackEvent[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const q = query({
      type: filter.type,
      deviceId: filter.deviceId,
      from: filter.from && fromLocalInput(filter.from),
      to: filter.to && fromLocalInput(filter.to),
      limit: 1000,
    });
    try {
      // The API pages oldest first; the screen shows the newest first.
      setEvents((await getAll<TrackEvent>(`/events?${q}`, MAX_EVENTS)).slice(0, MAX_EVENTS).reverse());
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const [, setVersion] = useState(0);
  useEffect(() => void load(), [filter]);
  // Device names come from the live store, which learns of new devices as their positions arrive.
  useEffect(() => store.subscribe(() => setVersion((v) => v + 1)), [store]);
  // The stream announces an event after its commit, so a list read in the meantime may hold it already.
  useEffect(
    () =>
      store.onEvent(
        (e) => matches(e, filter) && setEvents((old) => (old.some((x) => x.id === e.id) ? old : [e, ...old])),
      ),
    [store, filter],
  );

  const set = (key: keyof Filter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.currentTarget as HTMLInputElement).value });
  const name = (id: number | null) =>
    id === null ? '—' : (store.devices.get(id)?.device.name ?? `device ${id}`);

  return (
    <section class="events page">
      <h1>Events</h1>
      <form class="filters" aria-label="Event filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Type
          <select value={filter.type} onChange={set('type')}>
            <option value="">All types</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Device
          <select value={filter.deviceId} onChange={set('deviceId')}>
            <option value="">All devices</option>
            {[...store.devices.values()].map(({ device }) => (
              <option key={device.id} value={device.id}>
                {device.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={filter.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" value={filter.to} onChange={set('to')} />
        </label>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table class="table" aria-label="Events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Device</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} class={`event-${e.type}`}>
              <td>{time(e.time)}</td>
              <td>
                <span class="badge">{e.type}</span>
              </td>
              <td>{name(e.deviceId)}</td>
              <td>
                {Object.entries(e.attributes)
                  .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!events.length && <p class="muted">No events match.</p>}
      {events.length >= MAX_EVENTS && (
        <p class="notice">
          The first {MAX_EVENTS} events of the range are shown; narrow the range to see later ones.
        </p>
      )}
    </section>
  );
}
