import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real-world samples live beside the project root (`../shared/data`), never inside it. */
export const SHARED_DATA = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
);

export interface SampleFolder {
  dir: string;
  present: boolean;
  /** A sample file's text. */
  read(file: string): string;
}

/**
 * One kind of sample (`spot`, `sigfox`, `gpx`…). When its folder is absent the caller skips its tests with
 * `describe.skipIf`/`it.skipIf`, and this says so loudly: a skipped suite must never pass for a tested one.
 */
export function sampleFolder(kind: string): SampleFolder {
  const dir = join(SHARED_DATA, kind);
  const present = existsSync(dir);
  if (!present)
    console.warn(`SKIPPED: sample folder ${dir} is absent, so the ${kind} sample tests do not run`);
  return { dir, present, read: (file) => readFileSync(join(dir, file), 'utf8') };
}
