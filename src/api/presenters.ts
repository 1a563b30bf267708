import type {
  Credential,
  Device,
  DeviceType,
  Group,
  Source,
  StoredEvent,
  StoredMessage,
  StoredPosition,
} from '../model/records.ts';
import type { User } from '../storage/users.ts';

/** Native API presenters: epoch milliseconds become ISO 8601 UTC; secrets never leave. */
export const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t == null ? null : iso(t));

export const presentGroup = (g: Group) => ({ ...g, createdAt: iso(g.createdAt) });

export const presentToken = (c: Credential) => ({
  id: c.id,
  groupId: c.groupId,
  role: c.role,
  name: c.name,
  prefix: c.prefix,
  createdAt: iso(c.createdAt),
  lastUsedAt: isoOrNull(c.lastUsedAt),
  revokedAt: isoOrNull(c.revokedAt),
});

export const presentUser = (u: User) => ({
  ...u,
  createdAt: iso(u.createdAt),
  disabledAt: isoOrNull(u.disabledAt),
});

export const presentDeviceType = (t: DeviceType) => ({ ...t, createdAt: iso(t.createdAt) });

export const presentPosition = (p: StoredPosition) => ({
  ...p,
  fixTime: iso(p.fixTime),
  receivedTime: iso(p.receivedTime),
});

export const presentMessage = (m: StoredMessage) => ({
  ...m,
  deviceTime: iso(m.deviceTime),
  receivedTime: iso(m.receivedTime),
});

export const presentEvent = (e: StoredEvent) => ({ ...e, time: iso(e.time), createdAt: iso(e.createdAt) });

export const presentDevice = (d: Device) => ({
  ...d,
  lastSeen: isoOrNull(d.lastSeen),
  createdAt: iso(d.createdAt),
  latestPosition: d.latestPosition ? presentPosition(d.latestPosition) : null,
});

export const presentSource = ({ cursor: _cursor, ...s }: Source) => ({
  ...s,
  lastErrorAt: isoOrNull(s.lastErrorAt),
  lastSuccessAt: isoOrNull(s.lastSuccessAt),
  lastRequestAt: isoOrNull(s.lastRequestAt),
  nextRunAt: isoOrNull(s.nextRunAt),
  leaseUntil: isoOrNull(s.leaseUntil),
  createdAt: iso(s.createdAt),
});
