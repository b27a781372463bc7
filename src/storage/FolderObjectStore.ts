import { mkdir, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from './ObjectStore.ts';

/** Embedded object store: bucket `B`, key `K` is the file `<root>/B/K`. */
export class FolderObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Maps bucket/key to a path, refusing anything that would leave the bucket folder. */
  pathOf(bucket: string, key: string): string {
    if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(bucket)) throw new KinoraError('SOURCE_FORBIDDEN', `invalid bucket name "${bucket}"`, { subject: bucket });
    const parts = key.split('/');
    if (key.length === 0 || key.includes('\0') || key.includes('\\') || parts.some((p) => p === '..' || p === '.')) {
      throw new KinoraError('SOURCE_FORBIDDEN', `invalid object key "${key}"`, { subject: `${bucket}/${key}` });
    }
    const base = join(this.root, bucket);
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new KinoraError('SOURCE_FORBIDDEN', `object key "${key}" escapes bucket ${bucket}`, { subject: `${bucket}/${key}` });
    return path;
  }

  async get(bucket: string, key: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    return readFileBounded(this.pathOf(bucket, key), `s3://${bucket}/${key}`, options.maxBytes);
  }

  async getRange(bucket: string, key: string, start: number, endExclusive: number): Promise<Uint8Array> {
    return readFileRange(this.pathOf(bucket, key), `s3://${bucket}/${key}`, start, endExclusive);
  }

  async head(bucket: string, key: string): Promise<{ size: number; lastModified: Date }> {
    const s = await statOrThrow(this.pathOf(bucket, key), `s3://${bucket}/${key}`);
    return { size: s.size, lastModified: s.mtime };
  }

  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    const path = this.pathOf(bucket, key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.part-${process.pid}`;
    await writeFile(tmp, body);
    await rename(tmp, path);
  }

  async list(bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
    const base = join(this.root, bucket);
    const out: { key: string; size: number }[] = [];
    let entries: string[];
    try {
      entries = (await readdir(base, { recursive: true })) as string[];
    } catch (e: any) {
      if (e.code === 'ENOENT') return out; // a bucket nobody wrote to yet is empty, not an error
      throw new KinoraError('SOURCE_UNAVAILABLE', `cannot list bucket ${bucket}: ${e.message}`, { subject: bucket, cause: e });
    }
    for (const e of entries.sort()) {
      const key = relative(base, join(base, e)).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const s = await stat(join(base, e));
      if (s.isFile()) out.push({ key, size: s.size });
    }
    return out;
  }
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
