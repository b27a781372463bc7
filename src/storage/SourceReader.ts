import { fileURLToPath } from 'node:url';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from './ObjectStore.ts';
import { readFileBounded } from './FolderObjectStore.ts';
import { OpenFileCache } from './OpenFileCache.ts';

/**
 * Reads source objects named by absolute URI: `s3://bucket/key` through the
 * configured `ObjectStore`, and `file:///path` from the local disk (only for
 * assets an operator registered with the CLI). Every read is time-bounded:
 * a slow store becomes SOURCE_TIMEOUT naming the object, never a hung request.
 *
 * Local range reads keep their files open between requests (`OpenFileCache`,
 * which still notices a replaced or deleted file on every read); `close()`
 * releases those descriptors.
 */
export class SourceReader {
  private readonly store: ObjectStore;
  private readonly timeoutMs: number;
  private readonly files: OpenFileCache;
  /** Parsed source URIs: an asset's few hundred URIs are parsed once, not per read. */
  private readonly locations = new Map<string, Location>();

  constructor(store: ObjectStore, options: { timeoutMs?: number; maxOpenFiles?: number } = {}) {
    this.store = store;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.files = new OpenFileCache({ maxOpen: options.maxOpenFiles });
  }

  read(uri: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    return this.bounded(uri, () => {
      const loc = locate(uri);
      return loc.kind === 's3' ? this.store.get(loc.bucket, loc.key, options) : readFileBounded(loc.path, uri, options.maxBytes);
    });
  }

  /**
   * Bytes [start, endExclusive) of `uri`. `into` (exactly that many bytes) is
   * a buffer local files are read into, to spare an allocation; objects from
   * the store come in buffers of their own, so use the returned bytes, not
   * `into`. After a failure (a timeout especially) a read may still be
   * writing into `into`: do not reuse it then.
   */
  readRange(uri: string, start: number, endExclusive: number, options: { into?: Uint8Array } = {}): Promise<Uint8Array> {
    return this.bounded(uri, () => {
      const loc = this.locate(uri);
      return loc.kind === 's3' ? this.store.getRange(loc.bucket, loc.key, start, endExclusive) : this.files.read(loc.path, uri, start, endExclusive, options.into);
    });
  }

  /** Closes the local files kept open for range reads. */
  close(): Promise<void> {
    return this.files.close();
  }

  private locate(uri: string): Location {
    let loc = this.locations.get(uri);
    if (!loc) {
      loc = locate(uri);
      if (this.locations.size >= 65_536) this.locations.clear();
      this.locations.set(uri, loc);
    }
    return loc;
  }

  private async bounded<T>(uri: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KinoraError('SOURCE_TIMEOUT', `${uri} did not answer within ${this.timeoutMs} ms`, { subject: uri })), this.timeoutMs);
    });
    try {
      return await Promise.race([work(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

type Location = { kind: 's3'; bucket: string; key: string } | { kind: 'file'; path: string };

function locate(uri: string): Location {
  const url = new URL(uri);
  if (url.protocol === 's3:') return { kind: 's3', bucket: url.host, key: decodeURIComponent(url.pathname.slice(1)) };
  if (url.protocol === 'file:') return { kind: 'file', path: fileURLToPath(url) };
  throw new KinoraError('SOURCE_FORBIDDEN', `unsupported source scheme ${url.protocol} in ${uri}`, { subject: uri });
}

/**
 * Resolves a playlist reference against the playlist's URI and refuses any
 * result outside `root` (the multivariant playlist's folder for local files,
 * its bucket for S3) or on another scheme: a hostile playlist cannot make
 * Kinora read `../../etc/passwd` or an internal URL.
 */
export function resolveSourceUri(reference: string, base: string, root: string): string {
  let resolved: URL;
  try {
    resolved = new URL(reference, base);
  } catch {
    throw new KinoraError('SOURCE_FORBIDDEN', `"${reference}" in ${base} is not a valid URI`, { subject: base });
  }
  const rootUrl = new URL(root);
  if (resolved.protocol !== rootUrl.protocol || resolved.host !== rootUrl.host || !resolved.pathname.startsWith(rootUrl.pathname)) {
    throw new KinoraError('SOURCE_FORBIDDEN', `"${reference}" in ${base} resolves to ${resolved.href}, outside the asset's source root ${root}`, { subject: base });
  }
  resolved.search = '';
  resolved.hash = '';
  return resolved.href;
}

/** The root a source's references must stay under: its folder (file:) or its bucket (s3:). */
export function sourceRootOf(uri: string): string {
  const url = new URL(uri);
  if (url.protocol === 's3:') return `s3://${url.host}/`;
  return new URL('.', url).href;
}
