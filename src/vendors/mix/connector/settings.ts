import { FatalError } from '../../../ingest/errors.ts';

/** Settings of a MiX account as a pull source. */
export interface MixSourceSettings {
  /** Base of the MiX REST API (the part before `/trips`), or of another hub's `/compat/mix`. */
  baseUrl: string;
  /** The authentication token, sent in `X-Auth` as the document asks. */
  token: string;
  /** Required by MiX for Fleet Manager accounts (document 003); ignored by X-Drive. */
  organisationId: string | null;
  systemType: string | null;
  /** Only these vehicles; every vehicle of the account when empty. */
  vehicleIds: string[];
}

export function readSettings(raw: Record<string, unknown>): MixSourceSettings {
  const baseUrl = typeof raw.baseUrl === 'string' ? raw.baseUrl.trim().replace(/\/+$/, '') : '';
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new FatalError('MiX source settings: baseUrl is required (the API base, e.g. https://host/api)');
  }
  const token = typeof raw.token === 'string' ? raw.token.trim() : '';
  if (!token) throw new FatalError('MiX source settings: token is required (sent as X-Auth)');
  const text = (key: string): string | null => {
    const v = raw[key];
    if (v == null || v === '') return null;
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new FatalError(`MiX source settings: ${key} must be a string`);
    }
    return String(v);
  };
  const ids = raw.vehicleIds ?? [];
  const list = typeof ids === 'string' ? ids.split(',') : Array.isArray(ids) ? ids.map(String) : null;
  if (!list) throw new FatalError('MiX source settings: vehicleIds must be a list of vehicle ids');
  return {
    baseUrl,
    token,
    organisationId: text('organisationId'),
    systemType: text('systemType'),
    vehicleIds: list.map((v) => v.trim()).filter(Boolean),
  };
}

/** One request of `GET /trips/:since`, JSON. */
export function tripsUrl(s: MixSourceSettings, since: string): URL {
  const url = new URL(`${s.baseUrl}/trips/${since}.json`);
  if (s.organisationId) url.searchParams.set('organisation_id', s.organisationId);
  if (s.systemType) url.searchParams.set('system_type', s.systemType);
  if (s.vehicleIds.length) url.searchParams.set('vehicle_ids', s.vehicleIds.join(','));
  return url;
}
