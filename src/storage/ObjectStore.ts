/**
 * Port: bucket/key object storage. Adapters: `FolderObjectStore` (embedded
 * default: bucket B is the folder `<data dir>/buckets/B`) and, for scale-out,
 * an S3 adapter. Every adapter raises `KinoraError` with SOURCE_NOT_FOUND /
 * SOURCE_UNAVAILABLE / SOURCE_TOO_LARGE so callers never see adapter-specific errors.
 */
export interface ObjectStore {
  /** Whole object; refuses (SOURCE_TOO_LARGE) an object over `maxBytes` without reading it. */
  get(bucket: string, key: string, options?: { maxBytes?: number; signal?: AbortSignal }): Promise<Uint8Array>;
  /** Bytes [start, endExclusive). */
  getRange(bucket: string, key: string, start: number, endExclusive: number, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  head(bucket: string, key: string): Promise<{ size: number; lastModified: Date }>;
  put(bucket: string, key: string, body: Uint8Array): Promise<void>;
  /**
   * The object made from a local file, streamed (memory does not grow with
   * the file: uploads and published media of any size). The file is left
   * where it is; the object appears whole or not at all.
   */
  putFile(bucket: string, key: string, path: string): Promise<void>;
  /**
   * Every key starting with `prefix`, with its size, ordered by the keys'
   * UTF-8 bytes; `lastModified` when the listing carries it (S3 does), else
   * ask `head`. A bucket that does not exist lists empty.
   */
  list(bucket: string, prefix: string): Promise<{ key: string; size: number; lastModified?: Date }[]>;
  /**
   * Removes the object. Idempotent, as S3's DeleteObject: a key (or a
   * bucket) that does not exist is not an error, and a key that only names a
   * "folder" of other keys removes nothing. Keys are checked as for `get`.
   */
  delete(bucket: string, key: string): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix` and nothing else
   * (`a/` removes `a/x` and `a/b/y`, not `ab`), however many (S3: pages of
   * DeleteObjects, 1000 keys each), and answers how many it removed. The
   * prefix must not be empty: emptying a whole bucket is never what a caller
   * means by accident. A missing bucket removes nothing. When some objects
   * cannot be removed it still tries all of them, then rejects
   * (SOURCE_UNAVAILABLE) naming one and how many failed; the rest are gone.
   */
  deletePrefix(bucket: string, prefix: string): Promise<number>;
  /**
   * The buckets there are, sorted by name: the folders under the root whose
   * names are valid bucket names (folder adapter), or S3 ListBuckets (the
   * buckets the credentials own). `createdAt` when the store knows it.
   */
  listBuckets(): Promise<{ name: string; createdAt?: Date }[]>;
}
