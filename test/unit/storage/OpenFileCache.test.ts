import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFileCache } from '../../../src/storage/OpenFileCache.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-openfiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const text = (b: Uint8Array) => [...b].join(',');

test('reads ranges and keeps the file open between reads', async () => {
  const path = join(dir, 'a.ts');
  const content = bytes(1000, 1);
  writeFileSync(path, content);
  const files = new OpenFileCache();
  assert.deepEqual(await files.read(path, 'a', 100, 300), content.subarray(100, 300));
  assert.equal(files.openCount, 1);
  assert.deepEqual(await files.read(path, 'a', 0, 1000), content);
  assert.deepEqual(await files.read(path, 'a', 999, 1000), content.subarray(999));
  assert.equal(files.openCount, 1);
  await files.close();
  assert.equal(files.openCount, 0);
});

test('a file replaced by rename is noticed by the next read: new bytes, never the old ones', async () => {
  const path = join(dir, 'b.ts');
  writeFileSync(path, bytes(500, 1));
  const files = new OpenFileCache();
  assert.equal(text(await files.read(path, 'b', 0, 500)), text(bytes(500, 1)));
  writeFileSync(join(dir, 'b.ts.part'), bytes(500, 2)); // same size
  renameSync(join(dir, 'b.ts.part'), path);
  assert.equal(text(await files.read(path, 'b', 0, 500)), text(bytes(500, 2)));
  // Moved away and another file put in its place: the old one still exists, with its old bytes.
  renameSync(path, join(dir, 'b.bak'));
  writeFileSync(path, bytes(500, 3));
  assert.equal(text(await files.read(path, 'b', 0, 500)), text(bytes(500, 3)));
  await files.close();
});

test('a file rewritten in place with the same size is read again', async () => {
  const path = join(dir, 'c.ts');
  writeFileSync(path, bytes(400, 1));
  const files = new OpenFileCache();
  await files.read(path, 'c', 0, 400);
  await new Promise((r) => setTimeout(r, 20)); // a later mtime even on coarse clocks
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes(400, 9), 0, 400, 0);
  closeSync(fd);
  assert.equal(text(await files.read(path, 'c', 0, 400)), text(bytes(400, 9)));
  await files.close();
});

test('deleted: SOURCE_NOT_FOUND naming the object; cut short: SOURCE_UNAVAILABLE', async () => {
  const path = join(dir, 'd.ts');
  writeFileSync(path, bytes(300, 1));
  const files = new OpenFileCache();
  await files.read(path, 'd.ts', 0, 300);
  truncateSync(path, 200);
  await assert.rejects(files.read(path, 'd.ts', 0, 300), { code: 'SOURCE_UNAVAILABLE', message: /d\.ts: expected bytes 0-299, file ends after 200/ });
  unlinkSync(path);
  await assert.rejects(files.read(path, 'd.ts', 0, 100), { code: 'SOURCE_NOT_FOUND', message: /d\.ts does not exist/ });
  assert.equal(files.openCount, 0, 'the descriptor of the deleted file was let go');
  await assert.rejects(files.read(join(dir, 'never'), 'never', 0, 1), { code: 'SOURCE_NOT_FOUND' });
  await files.close();
});

test('at most maxOpen descriptors, even under concurrent reads of more files', async () => {
  const paths = Array.from({ length: 6 }, (_, i) => join(dir, `e${i}.ts`));
  paths.forEach((p, i) => writeFileSync(p, bytes(2000, i)));
  const files = new OpenFileCache({ maxOpen: 2 });
  const reads = [];
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < paths.length; i++) reads.push(files.read(paths[i], `e${i}`, round * 10, round * 10 + 1500).then((b) => assert.equal(text(b), text(bytes(2000, i).subarray(round * 10, round * 10 + 1500)))));
  }
  await Promise.all(reads);
  assert.ok(files.openCount <= 2, `${files.openCount} open`);
  await files.close();
});

test('idle descriptors are closed by the sweep', async () => {
  const path = join(dir, 'f.ts');
  writeFileSync(path, bytes(100, 1));
  const files = new OpenFileCache({ idleMs: 30 });
  await files.read(path, 'f', 0, 100);
  assert.equal(files.openCount, 1);
  for (let i = 0; i < 50 && files.openCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(files.openCount, 0);
  await files.close();
});
