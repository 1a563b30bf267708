import dotenv from 'dotenv';
import { readFileSync } from 'node:fs';
import { ConfigError, ENVIRONMENT_KEYS } from './config.ts';

/**
 * Reads a config file: `KEY=value` lines with the keys of the environment variables (`#` comments, optional
 * quotes), the format of systemd's `EnvironmentFile=` and compose's `env_file`, so that one file serves all three.
 * A key the hub does not know is refused by name, so that a typo does not silently leave a default in place.
 */
export function readConfigFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the config file ${file}: ${(err as Error).message}`);
  }
  const values = dotenv.parse(text);
  const known: readonly string[] = ENVIRONMENT_KEYS;
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new ConfigError(
      `${file}: unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ` +
        `a config file takes the environment variables ${known.join(', ')}`,
    );
  }
  return values;
}

/**
 * The environment the hub reads with a config file: a variable set in the environment wins over the file, as a
 * flag wins over both (README, Configuration).
 */
export function environmentWithFile(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  if (file === undefined) return env;
  const fromFile = readConfigFile(file);
  const merged: NodeJS.ProcessEnv = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}
