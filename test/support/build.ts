import { execFileSync } from 'node:child_process';
import { ROOT } from './server.ts';

/**
 * The end-to-end tests run `bin/trackway.js`, which runs the compiled hub: compile it first, so that they test
 * the sources as they are now and never a stale build (incremental: an unchanged tree compiles in seconds).
 */
export default function buildOnce(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
