import { copyFile, mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from './ObjectStore.ts';
import { OpenFileCache } from './OpenFileCache.ts';

/**
 * Embedded object store: bucket `B`, key `K` is the file `<root>/B/K`.
 * Range reads keep files open between calls (`OpenFileCache`: a replaced or
 * deleted object is still noticed on every read); `close()` releases them.
 */
export class FolderObjectStore implements ObjectStore {
  readonly root: string;
  private readonly files: OpenFileCache;

  constructor(root: string, options: { maxOpenFiles?: number } = {}) {
    this.root = resolve(root);
    this.files = new OpenFileCache({ maxOpen: options.maxOpenFiles });
  }

  /** Closes the files kept open for range reads. */
  close(): Promise<void> {
    return this.files.close();
  }

  /** Maps bucket/key to a path, refusing anything that would leave the bucket folder. */
  pathOf(bucket: string, key: string): string {
    checkBucket(bucket);
    const parts = key.split('/');
    if (key.length === 0 || key.includes('\0') || key.includes('\\') || parts.some((p) => p === '..' || p === '.')) {
      throw new KinoraError('SOURCE_FORBIDDEN', `invalid object key "${key}"`, { subject: `${bucket}/${key}` });
    }
    const base = join(this.root, bucket);
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new KinoraError('SOURCE_FORBIDDEN', `object key "${key}" escapes bucket ${bucket}`, { subject: `${bucket}/${key}` });
    return path;
  }

  async get(bucket: string, key: string, options: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
    return abortable(readFileBounded(this.pathOf(bucket, key), `s3://${bucket}/${key}`, options.maxBytes), options.signal);
  }

  async getRange(bucket: string, key: string, start: number, endExclusive: number, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    return abortable(this.files.read(this.pathOf(bucket, key), `s3://${bucket}/${key}`, start, endExclusive), options.signal);
  }

  async head(bucket: string, key: string): Promise<{ size: number; lastModified: Date }> {
    const s = await statOrThrow(this.pathOf(bucket, key), `s3://${bucket}/${key}`);
    return { size: s.size, lastModified: s.mtime };
  }

  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    const path = this.pathOf(bucket, key);
    const tmp = `${path}.part-${process.pid}`;
    await writeInFolder(tmp, () => writeFile(tmp, body));
    await rename(tmp, path);
  }

  async putFile(bucket: string, key: string, source: string): Promise<void> {
    const path = this.pathOf(bucket, key);
    const tmp = `${path}.part-${process.pid}`;
    try {
      // The kernel copies (or clones) the file; nothing passes through this process's memory.
      await writeInFolder(tmp, () => copyFile(source, tmp), source);
    } catch (e: any) {
      await rm(tmp, { force: true });
      throw new KinoraError('SOURCE_UNAVAILABLE', `cannot store ${source} as ${bucket}/${key}: ${e.message}`, { subject: `${bucket}/${key}`, cause: e });
    }
    await rename(tmp, path);
  }

  /** Unlinks the file, then removes the folders that leaves empty, up to (not including) the bucket folder. */
  async delete(bucket: string, key: string): Promise<void> {
    const path = this.pathOf(bucket, key);
    if (await unlinkObject(path, `s3://${bucket}/${key}`)) await this.prune(bucket, [dirname(path)]);
  }

  async deletePrefix(bucket: string, prefix: string): Promise<number> {
    checkBucket(bucket);
    if (prefix.length === 0) throw new KinoraError('SOURCE_FORBIDDEN', `refusing to delete every object of bucket ${bucket}: the prefix is empty`, { subject: `s3://${bucket}/` });
    const objects = await this.list(bucket, prefix);
    const folders = new Set<string>();
    const failed: { key: string; error: unknown }[] = [];
    let removed = 0;
    for (const { key } of objects) {
      try {
        // Listed keys are relative to the bucket folder; pathOf checks them all the same.
        const path = this.pathOf(bucket, key);
        if (await unlinkObject(path, `s3://${bucket}/${key}`)) removed++;
        folders.add(dirname(path));
      } catch (error) {
        failed.push({ key, error });
      }
    }
    await this.prune(bucket, [...folders]);
    if (failed.length > 0) throw partialDelete(bucket, prefix, objects.length, failed);
    return removed;
  }

  async list(bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
    checkBucket(bucket); // a bucket name such as ".." must not list the folders around the buckets
    const base = join(this.root, bucket);
    // Only the deepest folder the prefix names is walked (a staging prefix in a bucket of published assets);
    // a prefix whose folders are not plain names walks the bucket, and the filter below applies either way.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const from = folder !== '' && folder.split('/').slice(0, -1).every((p) => p !== '' && p !== '.' && p !== '..' && !p.includes('\\') && !p.includes('\0')) ? folder : '';
    const out: { key: string; size: number }[] = [];
    let entries: string[];
    try {
      entries = (await readdir(join(base, from), { recursive: true })) as string[];
    } catch (e: any) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return out; // a bucket (or folder) nobody wrote to yet is empty, not an error
      throw new KinoraError('SOURCE_UNAVAILABLE', `cannot list bucket ${bucket}: ${e.message}`, { subject: bucket, cause: e });
    }
    for (const entry of entries) {
      const e = join(from, entry);
      const key = relative(base, join(base, e)).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      // A file deleted between readdir and stat is simply no longer listed.
      const s = await stat(join(base, e)).catch((error) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
        throw new KinoraError('SOURCE_UNAVAILABLE', `cannot list bucket ${bucket}: ${error.message}`, { subject: bucket, cause: error });
      });
      if (s?.isFile()) out.push({ key, size: s.size });
    }
    // S3 lists keys in UTF-8 byte order (Array#sort would compare UTF-16 code units).
    return out.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  /**
   * Removes each folder and then its parents while they are empty, deepest
   * first, stopping below the bucket folder (a bucket stays listed once
   * written to). A folder something was just written into is not empty and
   * stays; `writeInFolder` recreates one removed under a concurrent put.
   */
  private async prune(bucket: string, folders: string[]): Promise<void> {
    const base = join(this.root, bucket);
    const depth = (path: string) => path.split(sep).length;
    const deepestFirst = [...new Set(folders)].sort((a, b) => depth(b) - depth(a));
    for (const folder of deepestFirst) {
      for (let current = folder; current.startsWith(base + sep); current = dirname(current)) {
        try {
          await rmdir(current);
        } catch {
          break; // not empty (ENOTEMPTY), or already removed with a deeper one
        }
      }
    }
  }

  /** The folders under the root named as buckets may be (others, and plain files, are not buckets), sorted by name. */
  async listBuckets(): Promise<{ name: string; createdAt?: Date }[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (e: any) {
      if (e.code === 'ENOENT') return []; // no bucket was ever written to
      throw new KinoraError('SOURCE_UNAVAILABLE', `cannot list the buckets in ${this.root}: ${e.message}`, { subject: this.root, cause: e });
    }
    const out: { name: string; createdAt?: Date }[] = [];
    for (const name of names.sort()) {
      if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(name)) continue;
      // stat, not the dirent: a bucket may be a symbolic link to a folder elsewhere.
      const s = await stat(join(this.root, name)).catch(() => undefined);
      if (s?.isDirectory()) out.push(s.birthtimeMs > 0 ? { name, createdAt: s.birthtime } : { name });
    }
    return out;
  }
}

/** Bucket names as the port allows them; anything else could be a path (`..`) rather than a folder name. */
function checkBucket(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(bucket)) throw new KinoraError('SOURCE_FORBIDDEN', `invalid bucket name "${bucket}"`, { subject: bucket });
}

/**
 * Runs `write` (which creates `path`) after creating its folder, once more
 * if the folder vanished in between: a concurrent `delete` prunes folders it
 * leaves empty, and a new folder is empty until the write lands.
 */
async function writeInFolder(path: string, write: () => Promise<void>, source?: string): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await mkdir(dirname(path), { recursive: true });
      return await write();
    } catch (e: any) {
      // ENOENT from a missing source file is not a missing folder: only retry while the folder is what is gone.
      const folderGone = e.code === 'ENOENT' && (source === undefined || (await stat(source).then(() => true, () => false)));
      if (!folderGone || tries === 3) throw e;
    }
  }
}

/** Unlinks an object's file: true when removed, false when there was none (a missing file, or a folder of other keys). */
async function unlinkObject(path: string, name: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e: any) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return false;
    // Linux answers EISDIR, macOS EPERM, for a folder: a key prefix, not an object.
    if ((e.code === 'EISDIR' || e.code === 'EPERM') && (await stat(path).then((s) => s.isDirectory(), () => false))) return false;
    throw new KinoraError('SOURCE_UNAVAILABLE', `cannot delete ${name}: ${e.message}`, { subject: name, cause: e });
  }
}

/** A prefix delete that removed some objects but not all. */
function partialDelete(bucket: string, prefix: string, total: number, failed: { key: string; error: unknown }[]): KinoraError {
  const name = `s3://${bucket}/${prefix}`;
  const first = failed[0].error;
  return new KinoraError('SOURCE_UNAVAILABLE', `${failed.length} of the ${total} objects under ${name} could not be deleted; the first: ${(first as Error)?.message ?? first}`, { subject: name, cause: first });
}

/**
 * Settles with `signal.reason` as soon as the signal aborts (as `fetch` does); a
 * local read cannot be cancelled midway, so its result is dropped.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function statOrThrow(path: string, name: string) {
  try {
    return await stat(path);
  } catch (e: any) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new KinoraError('SOURCE_NOT_FOUND', `${name} does not exist`, { subject: name });
    throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: ${e.message}`, { subject: name, cause: e });
  }
}

/** Reads a whole local file, refusing it before reading when larger than `maxBytes`. */
export async function readFileBounded(path: string, name: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Uint8Array> {
  const s = await statOrThrow(path, name);
  if (!s.isFile()) throw new KinoraError('SOURCE_NOT_FOUND', `${name} is not a file`, { subject: name });
  if (s.size > maxBytes) throw new KinoraError('SOURCE_TOO_LARGE', `${name} is ${s.size} bytes, over the ${maxBytes}-byte limit`, { subject: name });
  return readFileRange(path, name, 0, s.size);
}

/** Reads [start, endExclusive) of a local file; a short file is SOURCE_UNAVAILABLE (it changed under us). */
export async function readFileRange(path: string, name: string, start: number, endExclusive: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e: any) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new KinoraError('SOURCE_NOT_FOUND', `${name} does not exist`, { subject: name });
    throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: ${e.message}`, { subject: name, cause: e });
  }
  try {
    const length = endExclusive - start;
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(out, done, length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    if (done < length) {
      throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected bytes ${start}-${endExclusive - 1}, file ends after ${start + done}`, { subject: name });
    }
    return out;
  } finally {
    await handle.close();
  }
}
