import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ago } from '../format.ts';
import type { DeviceStatus, LiveDevice, LiveStore } from '../live-store.ts';

const ROW_HEIGHT = 44;
/** The list is re-drawn at most this often: last-seen times need not move at the frame rate. */
const LIST_REFRESH_MS = 500;
const collator = new Intl.Collator(undefined, { numeric: true });
const STATUS_LABEL: Record<DeviceStatus, string> = {
  moving: 'Moving',
  stopped: 'Stopped',
  silent: 'Silent',
  sos: 'SOS',
};

interface Props {
  store: LiveStore;
  selected: number | null;
  onSelect: (deviceId: number) => void;
}

/**
 * Devices with search and a state filter. Only the rows in view are in the DOM (fixed-height rows), so the list
 * stays light with 10,000 devices; arrow keys move the selection.
 */
export function DeviceList({ store, selected, onSelect }: Props) {
  const [version, setVersion] = useState(0);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<DeviceStatus | ''>('');
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, LIST_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store]);
  useEffect(() => {
    if (!box.current) return;
    const observer = new ResizeObserver(([entry]) => setHeight(entry!.contentRect.height));
    observer.observe(box.current);
    return () => observer.disconnect();
  }, []);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const out: LiveDevice[] = [];
    for (const d of store.devices.values()) {
      if (status && d.status !== status) continue;
      if (needle && !d.device.name.toLowerCase().includes(needle)) continue;
      out.push(d);
    }
    return out.sort(
      (a, b) =>
        (a.status === 'sos' ? -1 : 0) - (b.status === 'sos' ? -1 : 0) ||
        collator.compare(a.device.name, b.device.name),
    );
  }, [store, version, search, status]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 5);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 5);

  const move = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = rows.findIndex((r) => r.device.id === selected);
    const next = rows[Math.min(rows.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (!next) return;
    onSelect(next.device.id);
    const index = rows.indexOf(next);
    const el = box.current!;
    if (index * ROW_HEIGHT < el.scrollTop) el.scrollTop = index * ROW_HEIGHT;
    else if ((index + 1) * ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = (index + 1) * ROW_HEIGHT - el.clientHeight;
  };

  return (
    <section class="device-list" aria-label="Devices">
      <div class="filters">
        <input
          type="search"
          placeholder="Search devices"
          aria-label="Search devices"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <select
          aria-label="State"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as DeviceStatus | '')}
        >
          <option value="">All states</option>
          {Object.entries(STATUS_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <p class="count" aria-live="polite">
        {rows.length} of {store.devices.size} devices
      </p>
      <div
        class="rows"
        ref={box}
        role="listbox"
        tabIndex={0}
        aria-label="Devices"
        aria-activedescendant={selected !== null ? `device-${selected}` : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={move}
      >
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(first, last).map((d, i) => (
            <div
              key={d.device.id}
              id={`device-${d.device.id}`}
              role="option"
              aria-selected={d.device.id === selected}
              class={`row status-${d.status}`}
              style={{ top: `${(first + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              onClick={() => onSelect(d.device.id)}
            >
              <span class="dot" aria-hidden="true" />
              <span class="name">{d.device.name}</span>
              <span class="state">{STATUS_LABEL[d.status]}</span>
              <span class="seen">{ago(d.device.lastSeen)}</span>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
