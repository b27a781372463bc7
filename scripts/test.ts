/**
 * `npm test`: makes the fixtures once (cached in .cache/fixtures), type-checks,
 * then runs every test file with node's test runner, several files at a time.
 */
import { spawnSync } from 'node:child_process';
import { fixtureRecipes, ensureFixture, type FixtureName } from './fixtures.ts';

for (const name of Object.keys(fixtureRecipes) as FixtureName[]) await ensureFixture(name);

const tsc = spawnSync('tsc', ['-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('typecheck failed');
  process.exit(tsc.status ?? 1);
}

const files = process.argv.slice(2);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=3', ...(files.length > 0 ? files : ['test/**/*.test.ts'])], { stdio: 'inherit' });
process.exit(result.status ?? 1);
