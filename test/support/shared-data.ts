import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real-world samples live beside the project root, never inside it. */
export const SHARED_DATA = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'data',
);

/**
 * The folder of one kind of sample, and whether it is there. When it is absent the caller skips its suite with
 * `describe.skipIf`, and this says so loudly: a skipped suite must never pass for a tested one.
 */
export function samples(kind: string): { dir: string; present: boolean } {
  const dir = join(SHARED_DATA, kind);
  const present = existsSync(dir);
  if (!present)
    console.warn(`SKIPPED: sample folder ${dir} is absent, so the ${kind} sample tests do not run`);
  return { dir, present };
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
