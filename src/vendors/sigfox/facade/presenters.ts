import type {
  Credential,
  Device,
  DeviceType,
  Group,
  StoredMessage,
  StoredPosition,
} from '../../../model/records.ts';
import { sigfoxId } from './lookup.ts';
import { sigfoxState } from './stats.ts';
import { activationTime } from './token.ts';

const PAYLOAD_TYPES: Record<string, string> = {
  none: 'None',
  string: 'String',
  custom: 'Custom',
  geolocation: 'Geolocation',
  decoder: 'None',
};

/** A group of the document; `billable` and `bssId` are the group's attributes of those names, where set. */
export function presentGroup(g: Group) {
  const path = g.path.split('/').filter(Boolean).slice(0, -1);
  const a = g.attributes;
  return {
    id: String(g.id),
    name: g.name,
    nameCI: g.name.toLowerCase(),
    description: typeof a.description === 'string' ? a.description : '',
    path,
    billable: a.billable === true,
    ...(typeof a.bssId === 'string' && a.bssId ? { bssId: a.bssId } : {}),
  };
}

export function presentDeviceType(t: DeviceType) {
  return {
    id: String(t.id),
    name: t.name,
    group: String(t.groupId),
    description: t.description,
    keepAlive: t.keepAlive,
    payloadType: PAYLOAD_TYPES[t.payloadType] ?? 'None',
    ...(t.payloadConfig ? { payloadConfig: t.payloadConfig } : {}),
    ...(typeof t.attributes.contract === 'string' ? { contract: t.attributes.contract } : {}),
    downlinkMode: t.downlinkMode === 'callback' ? 1 : 0,
    ...(t.downlinkData ? { downlinkDataString: t.downlinkData } : {}),
    ...(t.alertEmail ? { alertEmail: t.alertEmail } : {}),
  };
}

/** The device record of the document; `last` and activationTime in milliseconds as it says. */
export function presentDevice(d: Device, link: { averageSnr: number; averageRssi: number; last: number }) {
  const activated = activationTime(d.attributes.token);
  const pac = typeof d.attributes.pac === 'string' ? d.attributes.pac : undefined;
  return {
    id: sigfoxId(d),
    name: d.name,
    type: d.typeId == null ? null : String(d.typeId),
    last: link.last,
    averageSignal: link.averageSnr,
    averageSnr: link.averageSnr,
    averageRssi: link.averageRssi,
    state: sigfoxState(d),
    ...(activated == null ? {} : { activationTime: activated }),
    ...(pac ? { pac } : {}),
  };
}

const fixed = (n: number | null | undefined, digits: number) => (n == null ? undefined : n.toFixed(digits));

/**
 * One message as the v1 messages endpoints show it. `time` is in seconds and snr/lat/lng are strings: what
 * the real client reads (see the Home Assistant sample in docs/vendors/sigfox.md). The document's examples
 * write snr with one decimal ("38.2") and the base station's place in rounded degrees ("43", "6").
 */
export function presentMessage(m: StoredMessage, device: string) {
  const network = m.attributes.networkLocation as { lat?: number; lng?: number } | undefined;
  const snr = fixed(m.radio.snr, 1);
  const rinfo: Record<string, string> = {};
  if (m.radio.station) rinfo.tap = m.radio.station;
  if (snr) rinfo.snr = snr;
  if (m.radio.rssi != null) rinfo.rssi = m.radio.rssi.toFixed(2);
  if (network?.lat != null && network.lng != null) {
    rinfo.lat = String(Math.round(network.lat));
    rinfo.lng = String(Math.round(network.lng));
  }
  return {
    device,
    time: Math.floor(m.deviceTime / 1000),
    data: m.payload ?? '',
    ...(snr ? { snr } : {}),
    ...(m.radio.linkQuality ? { linkQuality: m.radio.linkQuality } : {}),
    ...(m.radio.seqNumber != null ? { seqNumber: m.radio.seqNumber } : {}),
    rinfos: Object.keys(rinfo).length ? [rinfo] : [],
  };
}

export function presentLocation(p: StoredPosition) {
  return {
    time: Math.floor(p.fixTime / 1000),
    valid: p.valid,
    lat: p.lat,
    lng: p.lon,
    radius: p.accuracy ?? 0,
  };
}

/**
 * A credential of the group as the document's user: Trackway's credentials are what hold a role in a group
 * (API tokens and login/password pairs, the facade's own included). Names and emails are not kept, so the
 * credential's name stands for the user; the role is the credential's.
 */
export function presentUser(c: Credential, group: Group) {
  return {
    firstName: c.name,
    lastName: '',
    email: '',
    timezone: 'UTC',
    creationTime: c.createdAt,
    creationDate: new Date(c.createdAt).toUTCString(),
    ...(c.lastUsedAt == null
      ? {}
      : { lastLogin: c.lastUsedAt, lastLoginDate: new Date(c.lastUsedAt).toUTCString() }),
    userRoles: [{ group: presentGroup(group), customRole: { id: c.role, name: c.role.toUpperCase() } }],
  };
}
