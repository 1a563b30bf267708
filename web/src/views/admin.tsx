import { useEffect, useState } from 'preact/hooks';
import { api, get, getAll } from '../api.ts';
import { Table } from '../components/table.tsx';
import { ago, time } from '../format.ts';
import type { Device, Group, Whoami } from '../types.ts';

interface DeviceType {
  id: number;
  name: string;
}
interface Source {
  id: number;
  name: string;
  vendor: string;
  kind: string;
  enabled: boolean;
  status: string;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  failures: number;
}
interface Webhook {
  id: number;
  name: string;
  url: string;
  enabled: boolean;
  dead: boolean;
  eventTypes: string[] | null;
}
interface Delivery {
  id: number;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastReason: string | null;
  eventType: string | null;
  createdAt: string;
}
interface Token {
  id: number;
  name: string;
  role: string;
  groupId: number;
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface User {
  id: number;
  login: string;
  name: string;
  role: string;
  groupId: number;
  disabledAt: string | null;
}

const SECTIONS = [
  { path: 'devices', label: 'Devices' },
  { path: 'sources', label: 'Sources' },
  { path: 'webhooks', label: 'Webhooks' },
  { path: 'tokens', label: 'Tokens', admin: true },
  { path: 'users', label: 'Users', admin: true },
] as const;

/** Administration for managers and admins: devices, sources, webhooks; tokens and users for admins. */
export function AdminView({ me, section }: { me: Whoami; section: string }) {
  const sections = SECTIONS.filter((s) => !('admin' in s) || me.role === 'admin');
  const [groups, setGroups] = useState<Group[]>([]);
  useEffect(() => void get<{ items: Group[] }>('/groups').then((g) => setGroups(g.items)), []);
  const groupName = (id: number) => groups.find((g) => g.id === id)?.name ?? String(id);
  return (
    <section class="admin page">
      <h1>Administration</h1>
      <nav class="subnav" aria-label="Administration sections">
        {sections.map((s) => (
          <a key={s.path} href={`#/admin/${s.path}`} aria-current={section === s.path ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      {section === 'devices' && <Devices groups={groups} groupName={groupName} />}
      {section === 'sources' && <Sources />}
      {section === 'webhooks' && <Webhooks />}
      {section === 'tokens' && me.role === 'admin' && <Tokens groups={groups} groupName={groupName} />}
      {section === 'users' && me.role === 'admin' && <Users groups={groups} groupName={groupName} />}
    </section>
  );
}

function useLoad<T>(
  load: () => Promise<T>,
  initial: T,
): [T, () => Promise<void>, string | null, (e: string | null) => void] {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const reload = () => load().then(setValue, (err: Error) => setError(err.message));
  useEffect(() => void reload(), []);
  return [value, reload, error, setError];
}

const ErrorLine = ({ error }: { error: string | null }) =>
  error ? (
    <p role="alert" class="error">
      {error}
    </p>
  ) : null;

function Devices({ groups, groupName }: { groups: Group[]; groupName: (id: number) => string }) {
  const [devices, reload, error, setError] = useLoad(() => getAll<Device>('/devices?limit=1000'), []);
  const [types] = useLoad(() => get<{ items: DeviceType[] }>('/device-types').then((r) => r.items), []);
  const [editing, setEditing] = useState<number | null>(null);
  const save = async (e: Event, d: Device) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const typeId = String(form.get('typeId'));
    try {
      await api('PATCH', `/devices/${d.id}`, {
        name: String(form.get('name')),
        groupId: Number(form.get('groupId')),
        typeId: typeId ? Number(typeId) : null,
      });
      setEditing(null);
      await reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <ErrorLine error={error} />
      <Table
        caption={`${devices.length} devices`}
        rows={devices}
        columns={[
          {
            label: 'Name',
            cell: (d) =>
              editing === d.id ? (
                <form class="inline" onSubmit={(e) => void save(e, d)}>
                  <input name="name" aria-label="Name" defaultValue={d.name} required />
                  <GroupSelect groups={groups} selected={d.groupId} />
                  <select
                    name="typeId"
                    aria-label="Type"
                    defaultValue={d.typeId === null ? '' : String(d.typeId)}
                  >
                    <option value="">No type</option>
                    {types.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit">Save</button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                d.name
              ),
          },
          { label: 'Group', cell: (d) => groupName(d.groupId) },
          { label: 'Type', cell: (d) => types.find((t) => t.id === d.typeId)?.name ?? '—' },
          {
            label: 'Identities',
            cell: (d) => d.externalIds.map((x) => `${x.vendor}:${x.externalId}`).join(', '),
          },
          { label: 'State', cell: (d) => d.state },
          { label: 'Last seen', cell: (d) => ago(d.lastSeen) },
          {
            label: 'Actions',
            cell: (d) => (
              <button type="button" onClick={() => setEditing(d.id)} aria-label={`Edit ${d.name}`}>
                Edit
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

/** Sources change state on their own (runs, back-offs): the table follows them. */
const SOURCES_REFRESH_MS = 10_000;

function Sources() {
  const [sources, reload, error] = useLoad(
    () => get<{ items: Source[] }>('/sources').then((r) => r.items),
    [],
  );
  useEffect(() => {
    const timer = setInterval(() => void reload(), SOURCES_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <ErrorLine error={error} />
      <Table
        caption="Sources: connectors and receivers"
        rows={sources}
        columns={[
          { label: 'Name', cell: (s) => s.name },
          { label: 'Vendor', cell: (s) => `${s.vendor} (${s.kind})` },
          {
            label: 'Status',
            cell: (s) => <span class={`badge source-${s.status}`}>{s.enabled ? s.status : 'disabled'}</span>,
          },
          { label: 'Last success', cell: (s) => time(s.lastSuccessAt) },
          {
            label: 'Last error',
            cell: (s) =>
              s.lastError ? (
                <span class="error-text">{`${s.lastError} (${time(s.lastErrorAt)}, ${s.failures} failure${s.failures === 1 ? '' : 's'})`}</span>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

function Webhooks() {
  const [hooks, reload, error, setError] = useLoad(
    () => get<{ items: Webhook[] }>('/webhooks').then((r) => r.items),
    [],
  );
  const [open, setOpen] = useState<number | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const loadDeliveries = (id: number) =>
    get<{ items: Delivery[] }>(`/webhooks/${id}/deliveries?limit=50`).then((r) => setDeliveries(r.items));
  useEffect(() => {
    if (open !== null) void loadDeliveries(open);
  }, [open]);
  /** Queues a test event through the webhook, then shows its delivery log. */
  const testSend = async (id: number) => {
    try {
      await api('POST', `/webhooks/${id}/test`);
      setOpen(id);
      await loadDeliveries(id);
      await reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <ErrorLine error={error} />
      <Table
        caption="Event webhooks"
        rows={hooks}
        columns={[
          { label: 'Name', cell: (w) => w.name },
          { label: 'URL', cell: (w) => w.url },
          { label: 'Events', cell: (w) => w.eventTypes?.join(', ') ?? 'all' },
          { label: 'State', cell: (w) => (w.dead ? 'dead' : w.enabled ? 'enabled' : 'disabled') },
          {
            label: 'Deliveries',
            cell: (w) => (
              <>
                <button
                  type="button"
                  aria-expanded={open === w.id}
                  onClick={() => setOpen(open === w.id ? null : w.id)}
                >
                  Delivery log
                </button>{' '}
                <button type="button" onClick={() => void testSend(w.id)} aria-label={`Test send ${w.name}`}>
                  Test send
                </button>
              </>
            ),
          },
        ]}
      />
      {open !== null && (
        <Table
          caption={`Latest deliveries of ${hooks.find((w) => w.id === open)?.name ?? `webhook ${open}`}`}
          rows={deliveries}
          columns={[
            { label: 'Created', cell: (d) => time(d.createdAt) },
            { label: 'Event', cell: (d) => d.eventType ?? '—' },
            { label: 'Status', cell: (d) => d.status },
            { label: 'Attempts', cell: (d) => d.attempts },
            {
              label: 'Last answer',
              cell: (d) => [d.lastStatus, d.lastReason].filter((x) => x != null).join(' ') || '—',
            },
          ]}
        />
      )}
    </>
  );
}

const RoleSelect = () => (
  <select name="role" aria-label="Role" defaultValue="viewer">
    <option>viewer</option>
    <option>manager</option>
    <option>admin</option>
  </select>
);

const GroupSelect = ({ groups, selected }: { groups: Group[]; selected?: number }) => (
  <select
    name="groupId"
    aria-label="Group"
    defaultValue={selected === undefined ? undefined : String(selected)}
  >
    {groups.map((g) => (
      <option key={g.id} value={g.id}>
        {g.name}
      </option>
    ))}
  </select>
);

function Tokens({ groups, groupName }: { groups: Group[]; groupName: (id: number) => string }) {
  const [tokens, reload, error, setError] = useLoad(
    () => get<{ items: Token[] }>('/tokens').then((r) => r.items),
    [],
  );
  const [created, setCreated] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      const t = await api<{ token: string }>('POST', '/tokens', {
        name: String(form.get('name')),
        role: String(form.get('role')),
        groupId: Number(form.get('groupId')),
      });
      setCreated(t.token);
      await reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (id: number) => {
    await api('DELETE', `/tokens/${id}`).catch((err: Error) => setError(err.message));
    await reload();
  };
  return (
    <>
      <form class="inline" onSubmit={(e) => void create(e)} aria-label="New token">
        <input name="name" aria-label="Token name" placeholder="What the token is for" required />
        <RoleSelect />
        <GroupSelect groups={groups} />
        <button type="submit">Create token</button>
      </form>
      {created && (
        <p class="notice" role="status">
          New token, shown once: <code>{created}</code>
        </p>
      )}
      <ErrorLine error={error} />
      <Table
        caption="API tokens"
        rows={tokens}
        columns={[
          { label: 'Name', cell: (t) => t.name },
          { label: 'Role', cell: (t) => t.role },
          { label: 'Group', cell: (t) => groupName(t.groupId) },
          { label: 'Prefix', cell: (t) => <code>{t.prefix}…</code> },
          { label: 'Last used', cell: (t) => ago(t.lastUsedAt) },
          {
            label: 'Actions',
            cell: (t) =>
              t.revokedAt ? (
                'revoked'
              ) : (
                <button type="button" onClick={() => void revoke(t.id)} aria-label={`Revoke ${t.name}`}>
                  Revoke
                </button>
              ),
          },
        ]}
      />
    </>
  );
}

function Users({ groups, groupName }: { groups: Group[]; groupName: (id: number) => string }) {
  const [users, reload, error, setError] = useLoad(
    () => get<{ items: User[] }>('/users').then((r) => r.items),
    [],
  );
  const act = (work: Promise<unknown>) => work.then(reload, (err: Error) => setError(err.message));
  const create = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void act(
      api('POST', '/users', {
        login: String(data.get('login')),
        password: String(data.get('password')),
        role: String(data.get('role')),
        groupId: Number(data.get('groupId')),
      }).then(() => form.reset()),
    );
  };
  return (
    <>
      <form class="inline" onSubmit={create} aria-label="New user">
        <input name="login" aria-label="User name" placeholder="User name" required />
        <input
          name="password"
          type="password"
          aria-label="Password"
          placeholder="Password (10+ characters)"
          minLength={10}
          required
          autocomplete="new-password"
        />
        <RoleSelect />
        <GroupSelect groups={groups} />
        <button type="submit">Create user</button>
      </form>
      <ErrorLine error={error} />
      <Table
        caption="Users"
        rows={users}
        columns={[
          { label: 'User name', cell: (u) => u.login },
          {
            label: 'Role',
            cell: (u) => (
              <select
                aria-label={`Role of ${u.login}`}
                value={u.role}
                onChange={(e) => void act(api('PATCH', `/users/${u.id}`, { role: e.currentTarget.value }))}
              >
                <option>viewer</option>
                <option>manager</option>
                <option>admin</option>
              </select>
            ),
          },
          { label: 'Group', cell: (u) => groupName(u.groupId) },
          { label: 'State', cell: (u) => (u.disabledAt ? 'disabled' : 'active') },
          {
            label: 'Actions',
            cell: (u) => (
              <button
                type="button"
                onClick={() => void act(api('PATCH', `/users/${u.id}`, { disabled: !u.disabledAt }))}
              >
                {u.disabledAt ? 'Enable' : 'Disable'} {u.login}
              </button>
            ),
          },
        ]}
      />
    </>
  );
}
