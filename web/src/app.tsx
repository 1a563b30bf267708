import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, whenSignedOut } from './api.ts';
import { LiveStore } from './live-store.ts';
import { navigate, useRoute } from './router.ts';
import type { Whoami } from './types.ts';
import { AccountView } from './views/account.tsx';
import { AdminView } from './views/admin.tsx';
import { AlertBar } from './components/alert-bar.tsx';
import { EventsView } from './views/events.tsx';
import { HistoryView } from './views/history.tsx';
import { LiveView } from './views/live.tsx';
import { LoginView } from './views/login.tsx';
import { PlacesView } from './views/places.tsx';

export function App() {
  const [me, setMe] = useState<Whoami | null | undefined>(undefined);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    api<Whoami>('GET', '/session').then(setMe, () => setMe(null));
  }, []);
  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) return <LoginView onSignedIn={setMe} />;
  return <Shell me={me} onSignOut={() => setMe(null)} />;
}

const TABS = [
  { path: 'live', label: 'Live' },
  { path: 'history', label: 'History' },
  { path: 'places', label: 'Places' },
  { path: 'events', label: 'Events' },
  { path: 'admin', label: 'Administration', role: 'manager' },
] as const;

function Shell({ me, onSignOut }: { me: Whoami; onSignOut: () => void }) {
  const route = useRoute();
  const store = useMemo(() => new LiveStore(), []);
  useEffect(() => {
    void store.load();
    store.connect();
    return () => store.close();
  }, [store]);
  const canManage = me.role !== 'viewer';
  const tabs = TABS.filter((t) => !('role' in t) || canManage);
  const [tab = 'live', arg] = route;

  const signOut = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    store.close();
    onSignOut();
  };

  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="#/live">
          Trackway
        </a>
        <nav aria-label="Sections">
          {tabs.map((t) => (
            <a key={t.path} href={`#/${t.path}`} aria-current={tab === t.path ? 'page' : undefined}>
              {t.label}
            </a>
          ))}
        </nav>
        <a class="who" href="#/account" title={`group ${me.group.name}`}>
          {me.user?.login ?? me.token?.name} · {me.role}
        </a>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <AlertBar store={store} onShow={(id) => navigate(`live/${id}`)} />
      <main id="main">
        {tab === 'live' && <LiveView store={store} selected={arg ? Number(arg) : null} />}
        {tab === 'history' && <HistoryView store={store} deviceId={arg ? Number(arg) : null} />}
        {tab === 'places' && <PlacesView store={store} canEdit={canManage} />}
        {tab === 'events' && <EventsView store={store} />}
        {tab === 'account' && <AccountView me={me} />}
        {tab === 'admin' &&
          (canManage ? (
            <AdminView me={me} section={arg ?? 'devices'} />
          ) : (
            <p role="alert" class="notice">
              Administration needs the manager or admin role.
            </p>
          ))}
      </main>
    </div>
  );
}
