import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { discardObjects } from '../../../src/transcode/discardObjects.ts';
import type { ObjectStore } from '../../../src/storage/ObjectStore.ts';

/** A minimal in-memory store, with or without the optional `delete`. */
function memoryStore(withDelete: boolean) {
  const objects = new Map<string, Uint8Array>();
  const store: ObjectStore & { delete?: (bucket: string, key: string) => Promise<void> } = {
    get: async (b, k) => objects.get(`${b}/${k}`)!,
    getRange: async (b, k, s, e) => objects.get(`${b}/${k}`)!.subarray(s, e),
    head: async (b, k) => ({ size: objects.get(`${b}/${k}`)!.byteLength, lastModified: new Date(0) }),
    put: async (b, k, body) => void objects.set(`${b}/${k}`, body),
    putFile: async (b, k, path) => void objects.set(`${b}/${k}`, new Uint8Array(readFileSync(path))),
    listBuckets: async () => [...new Set([...objects.keys()].map((k) => k.split('/')[0]))].map((name) => ({ name })),
    list: async (b, prefix) => [...objects.keys()].filter((k) => k.startsWith(`${b}/${prefix}`)).map((k) => ({ key: k.slice(b.length + 1), size: objects.get(k)!.byteLength })),
  };
  if (withDelete) store.delete = async (b, k) => void objects.delete(`${b}/${k}`);
  return { store, objects };
}

test('deletes every object under the prefix when the store can delete', async () => {
  const { store, objects } = memoryStore(true);
  for (const k of ['.kinora-staging/j1/1/a.ts', '.kinora-staging/j1/1/a.m3u8', '.kinora-staging/j2/1/b.ts', 'assets/a.m3u8']) await store.put('media', k, new Uint8Array(1));
  assert.equal(await discardObjects(store, 'media', '.kinora-staging/j1/'), 2);
  assert.deepEqual([...objects.keys()].sort(), ['media/.kinora-staging/j2/1/b.ts', 'media/assets/a.m3u8']);
});

test('without a delete capability nothing is touched', async () => {
  const { store, objects } = memoryStore(false);
  await store.put('media', '.kinora-staging/j1/1/a.ts', new Uint8Array(1));
  assert.equal(await discardObjects(store, 'media', '.kinora-staging/j1/'), 0);
  assert.equal(objects.size, 1);
});
