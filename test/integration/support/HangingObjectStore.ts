import type { ObjectStore } from '../../../src/storage/ObjectStore.ts';

/**
 * An ObjectStore that delegates to another until `hang` is set, after which
 * every read never settles: a storage backend that stopped answering. Lets a
 * test ingest normally, then observe SOURCE_TIMEOUT at serving time.
 */
export class HangingObjectStore implements ObjectStore {
  hang = false;
  private readonly inner: ObjectStore;

  constructor(inner: ObjectStore) {
    this.inner = inner;
  }

  get(bucket: string, key: string, options?: { maxBytes?: number; signal?: AbortSignal }): Promise<Uint8Array> {
    return this.hang ? new Promise(() => {}) : this.inner.get(bucket, key, options);
  }

  getRange(bucket: string, key: string, start: number, endExclusive: number, options?: { signal?: AbortSignal }): Promise<Uint8Array> {
    return this.hang ? new Promise(() => {}) : this.inner.getRange(bucket, key, start, endExclusive, options);
  }

  head(bucket: string, key: string): Promise<{ size: number; lastModified: Date }> {
    return this.inner.head(bucket, key);
  }

  put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    return this.inner.put(bucket, key, body);
  }

  putFile(bucket: string, key: string, path: string): Promise<void> {
    return this.inner.putFile(bucket, key, path);
  }

  list(bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
    return this.inner.list(bucket, prefix);
  }

  delete(bucket: string, key: string): Promise<void> {
    return this.inner.delete(bucket, key);
  }

  deletePrefix(bucket: string, prefix: string): Promise<number> {
    return this.inner.deletePrefix(bucket, prefix);
  }

  listBuckets() {
    return this.inner.listBuckets();
  }
}
