import { sampleFolder } from '../../../lib/testing/shared-data.ts';

/** Real Sigfox samples (`../shared/data/sigfox`); the tests that need them skip, loudly, when they are absent. */
const sigfox = sampleFolder('sigfox');

export const samplesMissing = !sigfox.present;

export function readSample<T>(file: string): T {
  return JSON.parse(sigfox.read(file)) as T;
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
