import { get, getAll, query } from './api.ts';
import type { Device, Position, TrackEvent } from './types.ts';

/** What the map colours a device by. */
export type DeviceStatus = 'moving' | 'stopped' | 'silent' | 'sos';

export interface LiveDevice {
  device: Device;
  status: DeviceStatus;
  sos: boolean;
}

export interface Alert {
  id: number;
  deviceId: number;
  type: 'sos' | 'device-silent';
  time: string;
}

/** Faster than this (km/h) within the last ten minutes counts as moving. */
const MOVING_KMH = 3;
const RECENT_MS = 10 * 60_000;

export function statusOf(device: Device, sos: boolean, now = Date.now()): DeviceStatus {
  if (sos) return 'sos';
  if (device.state === 'silent' || device.state === 'off') return 'silent';
  const p = device.latestPosition;
  if (p && (p.speed ?? 0) > MOVING_KMH && now - Date.parse(p.fixTime) < RECENT_MS) return 'moving';
  return 'stopped';
}

type Listener = (changed: ReadonlySet<number>) => void;

/**
 * Every device the caller may see, kept current from the live stream. Stream messages are queued and applied
 * once per animation frame, so a burst of positions costs one map update and one list render, not one each.
 */
export class LiveStore {
  readonly devices = new Map<number, LiveDevice>();
  alerts: Alert[] = [];
  private queue: { position?: Position; event?: TrackEvent }[] = [];
  private frame: number | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<(e: TrackEvent) => void>();
  private stream: EventSource | null = null;

  async load(): Promise<void> {
    const [devices, sosEvents] = await Promise.all([
      getAll<Device>('/devices?limit=1000'),
      // An SOS still open is one not cancelled since; a day back is as far as an alarm stays on screen.
      getAll<TrackEvent>(
        `/events?${query({ type: 'sos,sos-cancelled', from: new Date(Date.now() - 86_400_000).toISOString(), limit: 1000 })}`,
      ),
    ]);
    const sos = new Map<number, boolean>();
    for (const e of sosEvents) if (e.deviceId !== null) sos.set(e.deviceId, e.type === 'sos');
    for (const device of devices) {
      const open = sos.get(device.id) ?? false;
      this.devices.set(device.id, { device, sos: open, status: statusOf(device, open) });
    }
    this.notify(new Set(this.devices.keys()));
  }

  /** Opens the live stream; the session cookie authenticates it. */
  connect(): void {
    this.stream = new EventSource('/api/v1/stream');
    // The stream starts from now: after a lost connection (a restarted hub), re-read the devices so that what was
    // committed in between is not missed.
    let lost = false;
    this.stream.addEventListener('error', () => (lost = true));
    this.stream.addEventListener('open', () => {
      if (lost) {
        lost = false;
        void this.load();
      }
    });
    this.stream.addEventListener('position', (m) => this.enqueue({ position: JSON.parse(m.data) }));
    this.stream.addEventListener('event', (m) => this.enqueue({ event: JSON.parse(m.data) }));
  }

  close(): void {
    this.stream?.close();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onEvent(listener: (e: TrackEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  enqueue(item: { position?: Position; event?: TrackEvent }): void {
    this.queue.push(item);
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  dismissAlert(id: number): void {
    this.alerts = this.alerts.filter((a) => a.id !== id);
    this.notify(new Set());
  }

  private flush(): void {
    this.frame = null;
    const batch = this.queue;
    this.queue = [];
    const changed = new Set<number>();
    const unknown = new Set<number>();
    for (const { position, event } of batch) {
      if (position) {
        const live = this.devices.get(position.deviceId);
        if (!live) {
          unknown.add(position.deviceId);
          continue;
        }
        const latest = live.device.latestPosition;
        if (!latest || latest.fixTime <= position.fixTime) {
          live.device = { ...live.device, latestPosition: position, lastSeen: position.fixTime };
        }
        changed.add(position.deviceId);
      }
      if (event && event.deviceId !== null) {
        this.applyEvent(event, changed);
        for (const l of this.eventListeners) l(event);
      }
    }
    const now = Date.now();
    for (const id of changed) {
      const live = this.devices.get(id);
      if (live) live.status = statusOf(live.device, live.sos, now);
    }
    if (unknown.size) void this.fetchNew([...unknown]);
    if (changed.size) this.notify(changed);
  }

  private applyEvent(event: TrackEvent, changed: Set<number>) {
    const live = this.devices.get(event.deviceId!);
    if (!live) return;
    const alert = (type: Alert['type']) =>
      (this.alerts = [
        { id: event.id, deviceId: live.device.id, type, time: event.time },
        ...this.alerts,
      ].slice(0, 20));
    switch (event.type) {
      case 'sos':
        live.sos = true;
        alert('sos');
        break;
      case 'sos-cancelled':
        live.sos = false;
        this.alerts = this.alerts.filter((a) => !(a.deviceId === live.device.id && a.type === 'sos'));
        break;
      case 'device-silent':
        live.device = { ...live.device, state: 'silent' };
        alert('device-silent');
        break;
      case 'device-back':
        live.device = { ...live.device, state: 'ok' };
        break;
      default:
        return;
    }
    changed.add(live.device.id);
  }

  /** A position of a device created after the list was read: fetch it once. */
  private async fetchNew(ids: number[]) {
    const changed = new Set<number>();
    for (const id of ids) {
      if (this.devices.has(id)) continue;
      const device = await get<Device>(`/devices/${id}`).catch(() => null);
      if (!device) continue;
      this.devices.set(id, { device, sos: false, status: statusOf(device, false) });
      changed.add(id);
    }
    if (changed.size) this.notify(changed);
  }

  private notify(changed: ReadonlySet<number>) {
    for (const l of this.listeners) l(changed);
  }
}
