import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to loopback, port 8080 and ./data', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: null, adminToken: null });
    expect(c.databaseFile.endsWith('trackway.db')).toBe(true);
  });

  it('prefers flags to environment variables', () => {
    const env = { TRACKWAY_HOST: '0.0.0.0', TRACKWAY_PORT: '9000', TRACKWAY_DATA_DIR: 'env-dir' };
    expect(loadConfig({ port: '9100' }, env)).toMatchObject({ host: '0.0.0.0', port: 9100 });
    expect(loadConfig({}, env).dataDir.endsWith('env-dir')).toBe(true);
  });

  it('refuses a port that is not a number, with a message naming it', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({}, { TRACKWAY_PORT: '70000' })).toThrow(/port/);
  });

  it('limits failed authentications per address and per login, from the environment', () => {
    expect(loadConfig({}, {}).authFailures).toEqual({ perAddress: 100, perLogin: 10, windowMs: 900_000 });
    const env = {
      TRACKWAY_AUTH_FAILURES: '0',
      TRACKWAY_AUTH_FAILURES_PER_LOGIN: '3',
      TRACKWAY_AUTH_FAILURE_WINDOW: '60',
    };
    expect(loadConfig({}, env).authFailures).toEqual({ perAddress: 0, perLogin: 3, windowMs: 60_000 });
    expect(() => loadConfig({}, { TRACKWAY_AUTH_FAILURES: 'many' })).toThrow(/TRACKWAY_AUTH_FAILURES /);
    expect(() => loadConfig({}, { TRACKWAY_AUTH_FAILURE_WINDOW: '0' })).toThrow(/1 or more/);
  });

  it('refuses an unknown log level', () => {
    expect(() => loadConfig({ logLevel: 'loud' }, {})).toThrow(/log level/);
  });
});

describe('CORS origins', () => {
  it('are none by default, and a comma-separated list of origins or * otherwise', () => {
    expect(loadConfig({}, {}).corsOrigins).toEqual([]);
    const env = { TRACKWAY_CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' };
    expect(loadConfig({}, env).corsOrigins).toEqual(['https://app.example.org', 'http://localhost:5173']);
    expect(loadConfig({}, { TRACKWAY_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('refuse what is not an origin, naming it', () => {
    for (const bad of ['https://app.example.org/', 'app.example.org', 'ftp://x.org', 'https://x.org/path']) {
      expect(() => loadConfig({}, { TRACKWAY_CORS_ORIGINS: bad })).toThrow(
        new RegExp(`TRACKWAY_CORS_ORIGINS.*"${bad.replace(/[.*/]/g, '\\$&')}"`),
      );
    }
  });
});

describe('OwnTracks MQTT settings', () => {
  const env = { TRACKWAY_OWNTRACKS_MQTT_URL: 'mqtt://127.0.0.1:1883', TRACKWAY_OWNTRACKS_MQTT_SOURCE: '3' };

  it('gives each install its own stable MQTT session id', () => {
    const a = loadConfig({ dataDir: 'install-a' }, env).owntracksMqtt!.clientId;
    expect(loadConfig({ dataDir: 'install-a' }, env).owntracksMqtt!.clientId).toBe(a);
    expect(loadConfig({ dataDir: 'install-b' }, env).owntracksMqtt!.clientId).not.toBe(a);
    expect(a).toMatch(/owntracks-3$/);
  });

  it('takes the session id from TRACKWAY_OWNTRACKS_MQTT_CLIENT_ID when set', () => {
    const c = loadConfig({}, { ...env, TRACKWAY_OWNTRACKS_MQTT_CLIENT_ID: 'hub-east' }).owntracksMqtt;
    expect(c?.clientId).toBe('hub-east');
  });
});
