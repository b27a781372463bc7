import type { ObjectStore } from '../storage/ObjectStore.ts';

/**
 * Deletes every object under `prefix` when the store can delete (an optional
 * `delete(bucket, key)` method; the `ObjectStore` port itself has none yet),
 * and reports how many it removed; without that capability it removes
 * nothing and answers 0. Best effort: a failed delete leaves the object.
 */
export async function discardObjects(store: ObjectStore, bucket: string, prefix: string): Promise<number> {
  const deleter = (store as ObjectStore & { delete?: (bucket: string, key: string) => Promise<void> }).delete;
  if (typeof deleter !== 'function') return 0;
  let removed = 0;
  let objects: { key: string }[];
  try {
    objects = await store.list(bucket, prefix);
  } catch {
    return 0;
  }
  for (const { key } of objects) {
    try {
      await deleter.call(store, bucket, key);
      removed++;
    } catch {
      // Left for the next cleanup.
    }
  }
  return removed;
}
