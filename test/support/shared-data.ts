import { readFileSync } from 'node:fs';
import { sampleFolder } from '../../src/lib/testing/shared-data.ts';

/** The folder of one kind of sample, and whether it is there (the suite skips, loudly, when it is not). */
export function samples(kind: string): { dir: string; present: boolean } {
  const { dir, present } = sampleFolder(kind);
  return { dir, present };
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
