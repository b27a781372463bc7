import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { FolderObjectStore } from '../../../src/storage/FolderObjectStore.ts';
import { discardObjects } from '../../../src/transcode/discardObjects.ts';
import { RecordingObjectStore } from './support/transcodeMedia.ts';

const STAGED = ['.kinora-staging/j1/1/a.ts', '.kinora-staging/j1/1/a.m3u8', '.kinora-staging/j1/2/b.ts', '.kinora-staging/j10/1/c.ts', 'assets/a.m3u8'];

async function withStore(run: (store: FolderObjectStore) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kinora-discard-'));
  const store = new FolderObjectStore(root);
  try {
    for (const key of STAGED) await store.put('media', key, new Uint8Array(1));
    await run(store);
  } finally {
    await store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

test('deletes every object under the prefix and nothing else, answering how many', async () => {
  await withStore(async (store) => {
    const errors: unknown[] = [];
    assert.equal(await discardObjects(store, 'media', '.kinora-staging/j1/', (e) => void errors.push(e)), 3);
    assert.equal(errors.length, 0, String(errors[0]));
    assert.deepEqual((await store.list('media', '')).map((o) => o.key), ['.kinora-staging/j10/1/c.ts', 'assets/a.m3u8']);
    assert.equal(await discardObjects(store, 'media', '.kinora-staging/j1/', (e) => void errors.push(e)), 0, 'nothing left: nothing to do, no error');
    assert.equal(errors.length, 0, String(errors[0]));
  });
});

test('a failed delete is reported with the prefix, answered 0 and never thrown', async () => {
  await withStore(async (folder) => {
    const store = new RecordingObjectStore(folder);
    const failure = new KinoraError('SOURCE_UNAVAILABLE', 's3://media/.kinora-staging/j1/: the store is down');
    store.onDelete = () => {
      throw failure;
    };
    const reported: [unknown, string][] = [];
    assert.equal(await discardObjects(store, 'media', '.kinora-staging/j1/', (e, context) => reported.push([e, context])), 0);
    assert.deepEqual(reported, [[failure, 'delete s3://media/.kinora-staging/j1/']]);
    assert.equal((await folder.list('media', '.kinora-staging/j1/')).length, 3, 'the objects are still there');
  });
});
