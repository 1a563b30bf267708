import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { FailedAuthLimits } from '../auth/failed-auth-limit.ts';

/** Settings of a running hub. Each comes from a flag, else an environment variable, else its default. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite file inside the data directory; PostgreSQL is chosen with DATABASE_URL. */
  databaseFile: string;
  databaseUrl: string | null;
  adminToken: string | null;
  /** Password of the first admin user (web sign-in), instead of a generated one. */
  adminPassword: string | null;
  logLevel: string;
  /**
   * Whether to believe `X-Forwarded-For`/`-Proto`/`-Host` (behind a reverse proxy): true, or the proxies'
   * addresses (comma-separated, CIDR allowed); false when the hub faces clients directly.
   */
  trustProxy: boolean | string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /**
   * Origins (`scheme://host[:port]`) whose web pages may call the API from a browser (CORS), or `*` for any; none
   * by default, so that only the hub's own web app does.
   */
  corsOrigins: string[];
  /** Failed authentications allowed per client address (and per sign-in login) before 429, and the window. */
  authFailures: FailedAuthLimits;
  /** Extra port of the OsmAnd receiver (the apps default to 5055); null when off. */
  osmandPort: number | null;
  /** OwnTracks over MQTT: broker URL, topic filter and the source the messages are accepted under; null when off. */
  owntracksMqtt: { url: string; topic: string; sourceId: number; clientId: string } | null;
  /** The web app's base map: a MapLibre style URL, else raster tiles (default OpenStreetMap's) with attribution. */
  map: { styleUrl: string | null; tileUrl: string; attribution: string };
  /** SMTP server of email callbacks; null when none is configured (email deliveries then fail with that reason). */
  smtp: { url: string; from: string } | null;
}

export interface ConfigFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: string;
  osmandPort?: string | number;
}

export class ConfigError extends Error {}

/** Every environment variable the hub reads: the keys a config file (`--config`, config-file.ts) may set. */
export const ENVIRONMENT_KEYS = [
  'TRACKWAY_HOST',
  'TRACKWAY_PORT',
  'TRACKWAY_DATA_DIR',
  'TRACKWAY_LOG_LEVEL',
  'TRACKWAY_OSMAND_PORT',
  'TRACKWAY_ADMIN_TOKEN',
  'TRACKWAY_ADMIN_PASSWORD',
  'TRACKWAY_TRUST_PROXY',
  'TRACKWAY_BODY_LIMIT',
  'TRACKWAY_CORS_ORIGINS',
  'TRACKWAY_AUTH_FAILURES',
  'TRACKWAY_AUTH_FAILURES_PER_LOGIN',
  'TRACKWAY_AUTH_FAILURE_WINDOW',
  'TRACKWAY_MAP_STYLE_URL',
  'TRACKWAY_MAP_TILE_URL',
  'TRACKWAY_MAP_ATTRIBUTION',
  'TRACKWAY_OWNTRACKS_MQTT_URL',
  'TRACKWAY_OWNTRACKS_MQTT_SOURCE',
  'TRACKWAY_OWNTRACKS_MQTT_TOPIC',
  'TRACKWAY_OWNTRACKS_MQTT_CLIENT_ID',
  'TRACKWAY_SMTP_URL',
  'TRACKWAY_SMTP_FROM',
  'DATABASE_URL',
] as const;

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const host = flags.host ?? env.TRACKWAY_HOST ?? '127.0.0.1';
  const portText = String(flags.port ?? env.TRACKWAY_PORT ?? '8080');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`port must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const dataDir = resolve(flags.dataDir ?? env.TRACKWAY_DATA_DIR ?? 'data');
  const bodyText = env.TRACKWAY_BODY_LIMIT ?? String(32 * 1024 * 1024);
  const bodyLimit = Number(bodyText);
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) {
    throw new ConfigError(`TRACKWAY_BODY_LIMIT must be a positive number of bytes, not "${bodyText}"`);
  }
  const logLevel = flags.logLevel ?? env.TRACKWAY_LOG_LEVEL ?? 'info';
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(logLevel)) throw new ConfigError(`log level must be one of ${levels.join(', ')}`);
  const osmandText = flags.osmandPort ?? env.TRACKWAY_OSMAND_PORT;
  const osmandPort =
    osmandText === undefined || osmandText === '' ? null : portNumber(String(osmandText), 'osmand port');
  return {
    host,
    port,
    dataDir,
    databaseFile: join(dataDir, 'trackway.db'),
    databaseUrl: flags.databaseUrl || env.DATABASE_URL || null,
    adminToken: env.TRACKWAY_ADMIN_TOKEN || null,
    adminPassword: env.TRACKWAY_ADMIN_PASSWORD || null,
    logLevel,
    trustProxy: trustProxy(env.TRACKWAY_TRUST_PROXY),
    bodyLimit,
    corsOrigins: corsOrigins(env.TRACKWAY_CORS_ORIGINS),
    authFailures: {
      perAddress: count(env, 'TRACKWAY_AUTH_FAILURES', 100),
      perLogin: count(env, 'TRACKWAY_AUTH_FAILURES_PER_LOGIN', 10),
      windowMs: count(env, 'TRACKWAY_AUTH_FAILURE_WINDOW', 900, 1) * 1000,
    },
    osmandPort,
    owntracksMqtt: owntracksMqtt(env, flags.databaseUrl || env.DATABASE_URL || join(dataDir, 'trackway.db')),
    smtp: smtp(env),
    map: {
      styleUrl: env.TRACKWAY_MAP_STYLE_URL || null,
      tileUrl: env.TRACKWAY_MAP_TILE_URL || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: env.TRACKWAY_MAP_ATTRIBUTION || '© OpenStreetMap contributors',
    },
  };
}

function trustProxy(text: string | undefined): Config['trustProxy'] {
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(text)) {
    throw new ConfigError(
      `TRACKWAY_TRUST_PROXY must be true, false or the proxies' addresses (comma-separated, CIDR allowed), not "${text}"`,
    );
  }
  return text;
}

function corsOrigins(text: string | undefined): string[] {
  const origins = (text ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new ConfigError(
        `TRACKWAY_CORS_ORIGINS must be origins like https://app.example.org (comma-separated) or *, not "${origin}"`,
      );
    }
  }
  return origins;
}

/** An origin as a browser sends it: scheme, host and port only, no path or trailing slash. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && url.origin === text;
  } catch {
    return false;
  }
}

/** A whole number of an environment variable, `min` or more; `fallback` when unset. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new ConfigError(`${name} must be a whole number (${min} or more), not "${text}"`);
  }
  return Number(text);
}

function smtp(env: NodeJS.ProcessEnv): Config['smtp'] {
  const url = env.TRACKWAY_SMTP_URL;
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url)) {
    throw new ConfigError(`TRACKWAY_SMTP_URL must be an smtp:// or smtps:// URL, not "${url}"`);
  }
  return { url, from: env.TRACKWAY_SMTP_FROM || 'trackway@localhost' };
}

function portNumber(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new ConfigError(`${what} must be a whole number from 0 to 65535, not "${text}"`);
  return n;
}

/**
 * The MQTT session of an install must be its own: a broker drops a client when another connects with its id, and
 * the session keeps the messages not yet stored. So the default id is stable per database (across restarts)
 * and differs between installs sharing a broker.
 */
function owntracksMqtt(env: NodeJS.ProcessEnv, database: string): Config['owntracksMqtt'] {
  const url = env.TRACKWAY_OWNTRACKS_MQTT_URL;
  if (!url) return null;
  if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(url)) {
    throw new ConfigError(
      `TRACKWAY_OWNTRACKS_MQTT_URL must be an mqtt://, mqtts://, ws:// or wss:// URL, not "${url}"`,
    );
  }
  const sourceText = env.TRACKWAY_OWNTRACKS_MQTT_SOURCE ?? '';
  const sourceId = Number(sourceText);
  if (!/^\d+$/.test(sourceText) || sourceId < 1) {
    throw new ConfigError(
      `TRACKWAY_OWNTRACKS_MQTT_SOURCE must name the id of the owntracks source to accept MQTT messages under, not "${sourceText}"`,
    );
  }
  const install = createHash('sha256').update(database).digest('hex').slice(0, 10);
  return {
    url,
    topic: env.TRACKWAY_OWNTRACKS_MQTT_TOPIC || 'owntracks/+/+',
    sourceId,
    clientId: env.TRACKWAY_OWNTRACKS_MQTT_CLIENT_ID || `trackway-${install}-owntracks-${sourceId}`,
  };
}
