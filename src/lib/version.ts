import { readFileSync } from 'node:fs';

/** The hub's version, from its package.json (two folders up, from src/lib and from dist/lib alike). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
