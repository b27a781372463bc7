import type { ObjectStore } from '../storage/ObjectStore.ts';

/**
 * Deletes every object under `prefix` (the port's `deletePrefix`) as
 * cleanup: it never throws. A failure (the store unreachable, some objects
 * refused) goes to `onError`, which names the prefix, and the answer is 0;
 * otherwise the answer is how many objects were removed. Cleanup after a job
 * must not change how the job ended, so callers log rather than fail.
 */
export async function discardObjects(store: ObjectStore, bucket: string, prefix: string, onError: (error: unknown, context: string) => void): Promise<number> {
  try {
    return await store.deletePrefix(bucket, prefix);
  } catch (e) {
    onError(e, `delete s3://${bucket}/${prefix}`);
    return 0;
  }
}
