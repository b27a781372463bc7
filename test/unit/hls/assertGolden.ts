import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Compares `actual` with the committed golden file at `path` (absolute).
 * `KINORA_UPDATE_GOLDENS=1` rewrites the file instead; review the diff.
 */
export function assertGolden(path: string, actual: string): void {
  if (process.env.KINORA_UPDATE_GOLDENS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden ${path} is missing; run with KINORA_UPDATE_GOLDENS=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `output differs from golden ${path}`);
}
