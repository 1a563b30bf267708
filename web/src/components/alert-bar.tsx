import { useEffect, useState } from 'preact/hooks';
import { time } from '../format.ts';
import type { LiveStore } from '../live-store.ts';

/** SOS and silence alarms as they arrive: announced to screen readers, kept until dismissed. */
export function AlertBar({ store, onShow }: { store: LiveStore; onShow: (deviceId: number) => void }) {
  const [alerts, setAlerts] = useState(store.alerts);
  useEffect(() => store.subscribe(() => setAlerts(store.alerts)), [store]);
  return (
    <section class="alerts" role="alert" aria-live="assertive">
      {alerts.map((a) => {
        const name = store.devices.get(a.deviceId)?.device.name ?? `device ${a.deviceId}`;
        return (
          <div key={a.id} class={`alert alert-${a.type}`}>
            <strong>{a.type === 'sos' ? 'SOS' : 'Silent'}</strong> {name} · {time(a.time)}
            <button type="button" onClick={() => onShow(a.deviceId)}>
              Show
            </button>
            <button
              type="button"
              aria-label={`Dismiss alert for ${name}`}
              onClick={() => store.dismissAlert(a.id)}
            >
              ×
            </button>
          </div>
        );
      })}
    </section>
  );
}
