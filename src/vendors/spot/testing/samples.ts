import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real SPOT responses kept beside the project (`../shared/data/spot`), never copied into it. When the folder is
 * absent the tests that need it skip, and say so.
 */
export const SAMPLES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  ...['..', '..', '..', '..', '..'],
  'shared',
  'data',
  'spot',
);

export const samplesMissing = !existsSync(SAMPLES_DIR);
if (samplesMissing) console.warn(`SPOT sample tests SKIPPED: the sample folder ${SAMPLES_DIR} is absent`);

export function readSample(file: string): string {
  return readFileSync(join(SAMPLES_DIR, file), 'utf8');
}
