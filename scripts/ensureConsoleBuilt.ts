import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
/** Where `npm run build:console` writes the console. */
export const CONSOLE_DIST = join(repo, 'dist/console');

/** What the console is built from: its own sources and the API validation it bundles. */
const SOURCES = ['console', 'src/control/validation', 'src/control/unsupportedFields.ts', 'src/errors', 'package-lock.json'].map((p) => join(repo, p));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Builds the console (`vite build --config console/vite.config.ts`, as
 * `npm run build:console` does) when dist/console is missing or older than
 * its sources; returns dist/console. Throws with Vite's output when the
 * build fails.
 */
export function ensureConsoleBuilt(): string {
  const index = join(CONSOLE_DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > 0 && built >= Math.max(...SOURCES.map(newestMtime))) return CONSOLE_DIST;
  const result = spawnSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'console/vite.config.ts'], { cwd: repo, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`building the console failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return CONSOLE_DIST;
}

if (import.meta.main) {
  const started = performance.now();
  ensureConsoleBuilt();
  const ms = performance.now() - started;
  if (ms > 1000) console.error(`console built into ${CONSOLE_DIST} (${(ms / 1000).toFixed(1)} s)`);
}
