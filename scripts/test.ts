/**
 * `npm test`: makes the fixtures once (cached in .cache/fixtures), type-checks
 * (the server and the console),
 * then runs every test file with node's test runner, several files at a time.
 */
import { spawnSync } from 'node:child_process';
import { fixtureRecipes, ensureFixture, type FixtureName } from './fixtures.ts';
import { ensureConsoleBuilt } from './ensureConsoleBuilt.ts';

for (const name of Object.keys(fixtureRecipes) as FixtureName[]) await ensureFixture(name);
ensureConsoleBuilt();

// The server, tests and scripts, then the console (its own tsconfig: DOM types; Vite does not type-check).
for (const project of ['tsconfig.json', 'console/tsconfig.json']) {
  const tsc = spawnSync('tsc', ['-p', project, '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error(`typecheck failed (${project})`);
    process.exit(tsc.status ?? 1);
  }
}

const files = process.argv.slice(2);
if (files.length > 0) {
  const result = spawnSync(process.execPath, ['--test', '--test-concurrency=3', ...files], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
// Browser tests run their plays in parallel inside each file; running two such files at once
// on 2 cores starves Chromium (shaka then drops variants), so they get a pass of their own.
const browser = ['test/browser/**/*.test.ts'];
const rest = spawnSync(process.execPath, ['--test', '--test-concurrency=3', 'test/unit/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/golden/**/*.test.ts', 'test/conformance/**/*.test.ts'], { stdio: 'inherit' });
const players = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...browser], { stdio: 'inherit' });
process.exit(rest.status || players.status || 0);
