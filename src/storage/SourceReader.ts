import { fileURLToPath } from 'node:url';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from './ObjectStore.ts';
import { readFileBounded } from './FolderObjectStore.ts';
import { OpenFileCache } from './OpenFileCache.ts';
import { HttpsSource, type ResolveHost } from './HttpsSource.ts';
import { SourceHosts } from './SourceHosts.ts';
import { SourcePolicy } from './SourcePolicy.ts';

/** Options of one read. */
export interface SourceReadOptions {
  /**
   * The asset's `sourceRoleArn`: the read is refused (SOURCE_FORBIDDEN,
   * Access Denied) unless the source read policy lets that role read the
   * object, and every redirect target of an https source. Ingest passes it
   * on every read; without it a read is not checked against the policy
   * (packaging reads what ingest already checked; CLI assets have no role).
   */
  role?: string;
}

/**
 * Reads source objects named by absolute URI: `s3://bucket/key` through the
 * configured `ObjectStore`, `https://host/path` from hosts on the allow-list
 * (`HttpsSource`, `SourceHosts`; also `http://` to listed loopback addresses,
 * for tests and local setups), and `file:///path` from the local disk (only
 * for assets an operator registered with the CLI). Every read is
 * time-bounded: a slow store or server becomes SOURCE_TIMEOUT naming the
 * object, never a hung request, and the read is aborted.
 *
 * Local range reads keep their files open between requests (`OpenFileCache`,
 * which still notices a replaced or deleted file on every read); `close()`
 * releases those descriptors and the pooled web connections.
 */
export class SourceReader {
  private readonly store: ObjectStore;
  private readonly timeoutMs: number;
  private readonly files: OpenFileCache;
  private readonly web: HttpsSource;
  /** Which roles may read which sources (`SourcePolicy.allowAll()` unless given). */
  readonly policy: SourcePolicy;
  /** Parsed source URIs: an asset's few hundred URIs are parsed once, not per read. */
  private readonly locations = new Map<string, Location>();

  constructor(
    store: ObjectStore,
    options: { timeoutMs?: number; maxOpenFiles?: number; sourceHosts?: readonly string[]; policy?: SourcePolicy; resolveHost?: ResolveHost } = {},
  ) {
    this.store = store;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.files = new OpenFileCache({ maxOpen: options.maxOpenFiles });
    this.web = new HttpsSource({ hosts: new SourceHosts(options.sourceHosts ?? []), resolve: options.resolveHost });
    this.policy = options.policy ?? SourcePolicy.allowAll();
  }

  read(uri: string, options: { maxBytes?: number } & SourceReadOptions = {}): Promise<Uint8Array> {
    return this.bounded(uri, (signal) => {
      const authorize = this.authorizer(options.role);
      authorize?.(uri);
      const loc = this.locate(uri);
      if (loc.kind === 's3') return this.store.get(loc.bucket, loc.key, { maxBytes: options.maxBytes, signal });
      if (loc.kind === 'web') return this.web.get(uri, { maxBytes: options.maxBytes, signal, authorize });
      return readFileBounded(loc.path, uri, options.maxBytes);
    });
  }

  /**
   * Bytes [start, endExclusive) of `uri`. `into` (exactly that many bytes) is
   * a buffer local files are read into, to spare an allocation; objects from
   * the store come in buffers of their own, so use the returned bytes, not
   * `into`. After a failure (a timeout especially) a read may still be
   * writing into `into`: do not reuse it then.
   */
  readRange(uri: string, start: number, endExclusive: number, options: { into?: Uint8Array } & SourceReadOptions = {}): Promise<Uint8Array> {
    return this.bounded(uri, (signal) => {
      const authorize = this.authorizer(options.role);
      authorize?.(uri);
      const loc = this.locate(uri);
      if (loc.kind === 's3') return this.store.getRange(loc.bucket, loc.key, start, endExclusive, { signal });
      if (loc.kind === 'web') return this.web.getRange(uri, start, endExclusive, { signal, authorize });
      return this.files.read(loc.path, uri, start, endExclusive, options.into);
    });
  }

  /** Closes the local files kept open for range reads and the pooled web connections. */
  close(): Promise<void> {
    this.web.close();
    return this.files.close();
  }

  private authorizer(role: string | undefined): ((uri: string) => void) | undefined {
    if (role === undefined || !this.policy.restricted) return undefined;
    return (uri) => this.policy.authorize(role, uri);
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

  private async bounded<T>(uri: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const abort = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new KinoraError('SOURCE_TIMEOUT', `${uri} did not answer within ${this.timeoutMs} ms`, { subject: uri });
        reject(error);
        abort.abort(error);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([work(abort.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

type Location = { kind: 's3'; bucket: string; key: string } | { kind: 'file'; path: string } | { kind: 'web' };

function locate(uri: string): Location {
  const url = new URL(uri);
  if (url.protocol === 's3:') return { kind: 's3', bucket: url.host, key: decodeURIComponent(url.pathname.slice(1)) };
  if (url.protocol === 'file:') return { kind: 'file', path: fileURLToPath(url) };
  if (url.protocol === 'https:' || url.protocol === 'http:') return { kind: 'web' };
  throw new KinoraError('SOURCE_FORBIDDEN', `unsupported source scheme ${url.protocol} in ${uri}`, { subject: uri });
}

/**
 * Resolves a playlist reference against the playlist's URI and refuses any
 * result outside `root` (`sourceRootOf`) or on another scheme: a hostile
 * playlist cannot make Kinora read `../../etc/passwd`, another bucket, another
 * web origin or an internal URL. For web sources it also refuses credentials
 * in the URL and percent-encoded `/` or `\` in the path (a server may decode
 * them into segments that climb out of the prefix); their query is kept (it
 * can be part of what the server needs, a CDN token), the fragment dropped.
 * For S3 and files, query and fragment are dropped: they are not part of an
 * object key or a path.
 */
export function resolveSourceUri(reference: string, base: string, root: string): string {
  let resolved: URL;
  try {
    resolved = new URL(reference, base);
  } catch {
    throw new KinoraError('SOURCE_FORBIDDEN', `"${reference}" in ${base} is not a valid URI`, { subject: base });
  }
  const rootUrl = new URL(root);
  const outside = (why: string): never => {
    throw new KinoraError('SOURCE_FORBIDDEN', `"${reference}" in ${base} resolves to ${resolved.href}, outside the asset's source root ${root}${why}`, { subject: base });
  };
  if (resolved.protocol !== rootUrl.protocol) outside(` (a ${resolved.protocol} URI in a ${rootUrl.protocol} source)`);
  if (resolved.host !== rootUrl.host) outside(isWeb(rootUrl) ? ` (another origin than ${rootUrl.origin})` : '');
  if (!resolved.pathname.startsWith(rootUrl.pathname)) outside(isWeb(rootUrl) ? ` (outside the path prefix ${rootUrl.pathname})` : '');
  resolved.hash = '';
  if (isWeb(resolved)) {
    if (resolved.username !== '' || resolved.password !== '') outside(' (credentials in the URL)');
    if (/%2f|%5c/i.test(resolved.pathname)) outside(' (a percent-encoded / or \\ in the path)');
    return resolved.href;
  }
  resolved.search = '';
  return resolved.href;
}

/**
 * The root a source's references must stay under: its bucket (s3:), or the
 * folder of the first playlist: the local folder (file:), or the same origin
 * and the playlist's path prefix (https:, http:).
 */
export function sourceRootOf(uri: string): string {
  const url = new URL(uri);
  if (url.protocol === 's3:') return `s3://${url.host}/`;
  return new URL('.', url).href;
}

function isWeb(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'http:';
}
