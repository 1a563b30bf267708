// Copies what the compiled hub reads at run time besides its JavaScript (the SQL migrations, the core's and each
// vendor's) from src/ to dist/, keeping their paths, so that `dist/` runs on its own.
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
cpSync(join(root, 'src'), join(root, 'dist'), {
  recursive: true,
  filter: (path) => !/\.[cm]?[jt]s$/.test(path),
});
