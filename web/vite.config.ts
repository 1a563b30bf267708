import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the web app into web/dist, which the hub serves; asset names carry a content hash (cached forever). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, sourcemap: false },
  logLevel: 'warn',
});
