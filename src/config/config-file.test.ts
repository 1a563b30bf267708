import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT_KEYS, loadConfig } from './config.ts';
import { environmentWithFile, readConfigFile } from './config-file.ts';

describe('config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trackway-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads KEY=value lines with comments and quotes, as systemd and compose do', () => {
    const path = file('ok.env', '# a comment\nTRACKWAY_PORT=9001\nTRACKWAY_HOST="0.0.0.0"\n\n');
    expect(readConfigFile(path)).toEqual({ TRACKWAY_PORT: '9001', TRACKWAY_HOST: '0.0.0.0' });
  });

  it('refuses a key it does not know, naming it', () => {
    const path = file('typo.env', 'TRACKWAY_PROT=9001\n');
    expect(() => readConfigFile(path)).toThrow(ConfigError);
    expect(() => readConfigFile(path)).toThrow(/unknown setting TRACKWAY_PROT/);
  });

  it('lets the environment win over the file, and validates values with the usual messages', () => {
    const path = file('both.env', 'TRACKWAY_PORT=9001\nTRACKWAY_HOST=10.0.0.1\n');
    const env = environmentWithFile(path, { TRACKWAY_PORT: '9002' });
    expect(loadConfig({}, env)).toMatchObject({ port: 9002, host: '10.0.0.1' });
    const bad = file('bad.env', 'TRACKWAY_PORT=eighty\n');
    expect(() => loadConfig({}, environmentWithFile(bad, {}))).toThrow(
      'port must be a whole number from 0 to 65535, not "eighty"',
    );
  });

  it('names a file it cannot read', () => {
    expect(() => readConfigFile(join(dir, 'missing.env'))).toThrow(
      /cannot read the config file .*missing\.env/,
    );
  });

  it('knows every environment variable that config.ts reads', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]!));
    expect([...read].filter((k) => !(ENVIRONMENT_KEYS as readonly string[]).includes(k))).toEqual([]);
  });
});
