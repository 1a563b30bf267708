#!/usr/bin/env node
// Runs the compiled hub (`npm run build`, which `npm ci` runs through the `prepare` script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('trackway: the hub is not built yet; run `npm run build` (or `npm ci`) in its folder first');
  process.exit(1);
}
await import(main.href);
