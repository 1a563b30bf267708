import { FatalError } from '../../../ingest/errors.ts';

export interface BackendSettings {
  /** Backend base URL, without `/api`; default the Sigfox backend. */
  baseUrl: string;
  login: string;
  password: string;
}

/** Reads a pull source's settings; a missing credential stops the source with a clear message. */
export function readSettings(s: Record<string, unknown>): BackendSettings {
  const baseUrl = typeof s.baseUrl === 'string' && s.baseUrl ? s.baseUrl : 'https://backend.sigfox.com';
  if (!/^https?:\/\//.test(baseUrl))
    throw new FatalError(`settings.baseUrl "${baseUrl}" is not an http(s) URL`);
  if (typeof s.login !== 'string' || !s.login)
    throw new FatalError('settings.login: the API login is required');
  if (typeof s.password !== 'string' || !s.password) {
    throw new FatalError('settings.password: the API password is required');
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ''), login: s.login, password: s.password };
}
