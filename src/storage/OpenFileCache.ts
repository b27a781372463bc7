import { close, fstat, open, read, stat, type Stats } from 'node:fs';
import { KinoraError } from '../errors/KinoraError.ts';

/** An open source file and the identity it had when opened. */
interface OpenFile {
  fd: number;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Reads in flight on `fd`; a retired file is closed when this drops to 0. */
  reads: number;
  /** Out of the cache (stale, evicted, idle): no new reads; closed once `reads` is 0. */
  retired: boolean;
  closed: boolean;
  lastUsed: number;
}

/**
 * Range reads of local files through a small, bounded set of open file
 * descriptors (nginx's `open_file_cache`, for the same reason): the origin
 * reads a few byte ranges of the same source segments over and over, and an
 * open + close per read cost more than the read itself.
 *
 * Never stale: every read also stats the path (in parallel with the read, so
 * it adds no latency) and compares device, inode, size, mtime and ctime with
 * what the descriptor had when it was opened. A file replaced (renamed over,
 * deleted and recreated) or rewritten in place is reopened and read again; a
 * deleted one is SOURCE_NOT_FOUND. The remaining window is that of any read:
 * a replacement that lands while a read is in flight may be missed by that one
 * read, which then returns the bytes the file had when the read began, as a
 * descriptor opened just before the replacement would.
 *
 * At most `maxOpen` descriptors (least recently used closed first, once their
 * reads finish); one unused for `idleMs` is closed by a background sweep, so a
 * deleted source does not hold its disk space for long. `close()` closes all.
 */
export class OpenFileCache {
  private readonly files = new Map<string, OpenFile>();
  private readonly opening = new Map<string, Promise<OpenFile>>();
  private readonly maxOpen: number;
  private readonly idleMs: number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: { maxOpen?: number; idleMs?: number } = {}) {
    this.maxOpen = Math.max(1, options.maxOpen ?? 128);
    this.idleMs = options.idleMs ?? 30_000;
  }

  /**
   * Bytes [start, endExclusive) of the file at `path`; `name` is how errors
   * refer to it. With `into` (exactly `endExclusive - start` bytes) they are
   * read into it and it is returned, instead of a new buffer.
   */
  async read(path: string, name: string, start: number, endExclusive: number, into?: Uint8Array): Promise<Uint8Array> {
    if (into && into.byteLength !== endExclusive - start) throw new RangeError(`read into ${into.byteLength} bytes, asked for ${endExclusive - start}`);
    const cached = this.files.get(path);
    if (cached && this.acquire(cached)) {
      // Move to the most recently used end.
      this.files.delete(path);
      this.files.set(path, cached);
      const [current, bytes] = await Promise.all([statOf(path, name).catch((e: Error) => e), this.readAcquired(cached, name, start, endExclusive, into).catch((e: Error) => e)]);
      if (!(current instanceof Error) && sameFile(cached, current)) {
        if (bytes instanceof Error) throw bytes;
        return bytes;
      }
      this.retire(path, cached);
      if (current instanceof Error) throw current;
    }
    // Another open may evict this one before our turn comes (a tiny maxOpen under load): try again, then read on a descriptor of our own.
    for (let attempt = 0; attempt < 3; attempt++) {
      const file = await this.openShared(path, name);
      if (this.acquire(file)) return this.readAcquired(file, name, start, endExclusive, into);
    }
    const own = await openFile(path, name);
    own.reads = 1;
    own.retired = true;
    return this.readAcquired(own, name, start, endExclusive, into);
  }

  /** Closes every descriptor not in use now, and the others as soon as their reads finish. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.allSettled([...this.opening.values()]);
    for (const [path, file] of [...this.files]) this.retire(path, file);
  }

  /** Number of descriptors held open (for tests and diagnostics). */
  get openCount(): number {
    return this.files.size;
  }

  /** Counts a read on `file`, unless its descriptor was already closed. */
  private acquire(file: OpenFile): boolean {
    if (file.closed) return false;
    file.reads++;
    file.lastUsed = Date.now();
    return true;
  }

  /** Reads on an acquired file and releases it. */
  private async readAcquired(file: OpenFile, name: string, start: number, endExclusive: number, into?: Uint8Array): Promise<Uint8Array> {
    try {
      const length = endExclusive - start;
      // Filled completely below (or refused), so the buffer need not be zeroed first.
      const out = into ?? new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
      let done = 0;
      while (done < length) {
        const n = await readAt(file.fd, out, done, length - done, start + done, name);
        if (n === 0) break;
        done += n;
      }
      if (done < length) {
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected bytes ${start}-${endExclusive - 1}, file ends after ${start + done}`, { subject: name });
      }
      return out;
    } finally {
      file.reads--;
      if (file.retired && file.reads === 0) closeFile(file);
    }
  }

  /** Opens `path` once for all concurrent callers. */
  private openShared(path: string, name: string): Promise<OpenFile> {
    let pending = this.opening.get(path);
    if (!pending) {
      pending = openFile(path, name).then(
        (file) => {
          this.opening.delete(path);
          const previous = this.files.get(path);
          if (previous) this.retire(path, previous);
          this.files.set(path, file);
          this.evict();
          this.startSweeper();
          return file;
        },
        (e: unknown) => {
          this.opening.delete(path);
          throw e;
        },
      );
      this.opening.set(path, pending);
    }
    return pending;
  }

  private retire(path: string, file: OpenFile): void {
    if (this.files.get(path) === file) this.files.delete(path);
    if (file.retired) return;
    file.retired = true;
    if (file.reads === 0) closeFile(file);
  }

  private evict(): void {
    for (const [path, file] of this.files) {
      if (this.files.size <= this.maxOpen) break;
      this.retire(path, file);
    }
  }

  private startSweeper(): void {
    if (this.sweeper || this.idleMs <= 0) return;
    this.sweeper = setInterval(() => {
      const idleSince = Date.now() - this.idleMs;
      for (const [path, file] of [...this.files]) if (file.reads === 0 && file.lastUsed <= idleSince) this.retire(path, file);
      if (this.files.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, Math.max(this.idleMs / 2, 10));
    this.sweeper.unref();
  }
}

function closeFile(file: OpenFile): void {
  if (file.closed) return;
  file.closed = true;
  close(file.fd, () => {});
}

function sameFile(file: OpenFile, s: Stats): boolean {
  return s.ino === file.ino && s.dev === file.dev && s.size === file.size && s.mtimeMs === file.mtimeMs && s.ctimeMs === file.ctimeMs;
}

function sourceError(e: NodeJS.ErrnoException, name: string): KinoraError {
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return new KinoraError('SOURCE_NOT_FOUND', `${name} does not exist`, { subject: name });
  return new KinoraError('SOURCE_UNAVAILABLE', `${name}: ${e.message}`, { subject: name, cause: e });
}

function statOf(path: string, name: string): Promise<Stats> {
  return new Promise((resolve, reject) => stat(path, (e, s) => (e ? reject(sourceError(e, name)) : resolve(s))));
}

function openFile(path: string, name: string): Promise<OpenFile> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (e, fd) => {
      if (e) return reject(sourceError(e, name));
      fstat(fd, (e2, s) => {
        if (e2) {
          close(fd, () => {});
          return reject(sourceError(e2, name));
        }
        if (!s.isFile()) {
          close(fd, () => {});
          return reject(new KinoraError('SOURCE_NOT_FOUND', `${name} is not a file`, { subject: name }));
        }
        resolve({ fd, dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, reads: 0, retired: false, closed: false, lastUsed: Date.now() });
      });
    });
  });
}

function readAt(fd: number, into: Uint8Array, offset: number, length: number, position: number, name: string): Promise<number> {
  return new Promise((resolve, reject) => read(fd, into, offset, length, position, (e, n) => (e ? reject(sourceError(e, name)) : resolve(n))));
}
