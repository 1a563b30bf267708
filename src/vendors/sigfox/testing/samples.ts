import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real Sigfox samples kept beside the project (`../shared/data/sigfox`), never copied into it. When the folder
 * is absent the tests that need it skip, and say so.
 */
export const SAMPLES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'sigfox',
);

export const samplesMissing = !existsSync(SAMPLES_DIR);
if (samplesMissing) {
  console.warn(`Sigfox sample tests SKIPPED: the sample folder ${SAMPLES_DIR} is absent`);
}

export function readSample<T>(file: string): T {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')) as T;
}

export interface GrammarVector {
  id: string;
  format: string;
  hex: string;
  expected: Record<string, unknown>;
  tier: string;
}

export interface CallbackSample {
  method: string;
  body: string;
}
