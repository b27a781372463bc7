import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { KinoraError } from '../errors/KinoraError.ts';
import type { SourceHosts } from './SourceHosts.ts';

/** Name resolution: every address of `hostname` (the default is `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string, family: number) => Promise<{ address: string; family: number }[]>;

/** Per read: a size limit, an abort signal, and a check run on every URL a redirect leads to. */
export interface HttpsReadOptions {
  maxBytes?: number;
  signal?: AbortSignal;
  /** Called with each redirect target before it is requested; throws to refuse it (a role's read policy). */
  authorize?: (uri: string) => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Bodies of redirects and errors up to this size are read to their end, to keep their connection. */
const DISCARD_BYTES = 65_536;

/**
 * Reads `https://` sources (and `http://` on listed loopback addresses, for
 * tests and local setups) under the `SourceHosts` rules, with RFC 9110 range
 * requests.
 *
 * Why `node:http(s)` and not `fetch`: the address check has to happen where
 * the connection is made, or a host could resolve to a public address when
 * checked and to 127.0.0.1 when connected (DNS rebinding). Node's `fetch`
 * takes its connect hook from an undici `Agent`, which the undici package
 * exports and Node does not; `http.request` takes a `lookup` function. Ours
 * resolves the name, checks every address it got (`SourceHosts.checkAddress`)
 * and hands only those to the socket, so the address connected to is always
 * an address checked. Keep-alive sockets are pooled per host (`close()`).
 *
 * - Range reads send `Range: bytes=first-last` (RFC 9110 14.1.2) and check the
 *   206 answer's `Content-Range` (14.4); a server that ignores ranges (200,
 *   the whole object) is read no further than the range's end. A range the
 *   object does not have (416, or a shorter answer) is SOURCE_UNAVAILABLE, as
 *   in the `ObjectStore` contract: the index asked for bytes that existed.
 * - Whole reads are limited to `maxBytes` (from the caller, else the
 *   source's default): a larger `Content-Length` is refused before the body
 *   is read, a body growing past the limit is cut off; both SOURCE_TOO_LARGE.
 * - Redirects (301/302/303/307/308, at most `maxRedirects`) are followed only
 *   to URLs the host list allows, and that `authorize` accepts; any other is
 *   SOURCE_FORBIDDEN naming both URLs.
 * - 404/410 are SOURCE_NOT_FOUND, 401/403 SOURCE_FORBIDDEN, other answers and
 *   network failures SOURCE_UNAVAILABLE; each names the URL asked for. A
 *   compressed answer (`Content-Encoding` other than identity: byte offsets
 *   would be meaningless) is SOURCE_UNAVAILABLE.
 * - Time: the `SourceReader` bounds each read and aborts it through `signal`.
 */
export class HttpsSource {
  private readonly hosts: SourceHosts;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly resolve: ResolveHost;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(options: { hosts: SourceHosts; maxBytes?: number; maxRedirects?: number; resolve?: ResolveHost }) {
    this.hosts = options.hosts;
    this.maxBytes = options.maxBytes ?? 512 << 20;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.resolve = options.resolve ?? ((hostname, family) => dnsLookup(hostname, { all: true, family, order: 'verbatim' }));
  }

  /** The whole object at `uri`, at most `maxBytes`. */
  async get(uri: string, options: HttpsReadOptions = {}): Promise<Uint8Array> {
    const maxBytes = options.maxBytes ?? this.maxBytes;
    const { response, name } = await this.open(uri, 'GET', undefined, options);
    if (response.statusCode !== 200) return failed(response, name, uri);
    const declared = declaredLength(response);
    if (declared !== undefined && declared > maxBytes) {
      response.destroy();
      throw new KinoraError('SOURCE_TOO_LARGE', `${name} is ${declared} bytes, over the limit of ${maxBytes}`, { subject: uri });
    }
    const { bytes, more } = await readBody(response, maxBytes, name, uri, options.signal);
    if (more) throw new KinoraError('SOURCE_TOO_LARGE', `${name} is over the limit of ${maxBytes} bytes`, { subject: uri });
    if (declared !== undefined && bytes.byteLength !== declared) {
      throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${declared} bytes, the body ended after ${bytes.byteLength}`, { subject: uri });
    }
    return bytes;
  }

  /** Bytes [start, endExclusive) of the object at `uri`. */
  async getRange(uri: string, start: number, endExclusive: number, options: HttpsReadOptions = {}): Promise<Uint8Array> {
    if (endExclusive === start) {
      // An empty read still checks that the object exists, as the object stores do.
      const { response, name } = await this.open(uri, 'HEAD', undefined, options);
      await discard(response);
      if (response.statusCode !== 200) return failed(response, name, uri);
      return new Uint8Array(0);
    }
    const wanted = `bytes ${start}-${endExclusive - 1}`;
    const { response, name } = await this.open(uri, 'GET', [start, endExclusive], options);
    if (response.statusCode === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(response.headers['content-range'] ?? ''));
      if (!range || Number(range[1]) !== start || Number(range[2]) < endExclusive - 1) {
        response.destroy();
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: asked for ${wanted}, the server answered Content-Range ${response.headers['content-range'] ?? '(none)'}`, { subject: uri });
      }
      const { bytes } = await readBody(response, endExclusive - start, name, uri, options.signal);
      if (bytes.byteLength < endExclusive - start) {
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${wanted}, the body ended after ${bytes.byteLength} bytes`, { subject: uri });
      }
      return bytes;
    }
    if (response.statusCode === 200) {
      // The server ignored the range (RFC 9110 14.2 allows it): read up to the range's end, no further.
      const { bytes } = await readBody(response, endExclusive, name, uri, options.signal, true);
      if (bytes.byteLength < endExclusive) {
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${wanted}, the object ends after ${bytes.byteLength} bytes`, { subject: uri });
      }
      return bytes.subarray(start);
    }
    if (response.statusCode === 416) {
      await discard(response);
      throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${wanted}, the object ends before it (416 Range Not Satisfiable)`, { subject: uri });
    }
    return failed(response, name, uri);
  }

  /** Closes pooled connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** Sends the request, following allowed redirects; returns the final answer and the name errors use. */
  private async open(uri: string, method: 'GET' | 'HEAD', range: [number, number] | undefined, options: HttpsReadOptions): Promise<{ response: IncomingMessage; name: string }> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new KinoraError('SOURCE_FORBIDDEN', `"${uri}" is not a valid URL`, { subject: uri });
    }
    this.hosts.checkUrl(url);
    for (let hops = 0; ; hops++) {
      const name = url.href === uri ? uri : `${uri} (redirected to ${url.href})`;
      const response = await this.send(url, method, range, options.signal, uri);
      const status = response.statusCode ?? 0;
      if (!REDIRECTS.has(status)) return { response, name };
      await discard(response);
      const location = response.headers.location;
      if (!location) throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: a ${status} redirect without a Location`, { subject: uri });
      if (hops >= this.maxRedirects) throw new KinoraError('SOURCE_UNAVAILABLE', `${uri}: more than ${this.maxRedirects} redirects`, { subject: uri });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: redirect to an invalid URL "${location}"`, { subject: uri });
      }
      next.hash = '';
      try {
        this.hosts.checkUrl(next);
        options.authorize?.(next.href);
      } catch (e) {
        const why = e instanceof KinoraError ? e.message : String(e);
        throw new KinoraError('SOURCE_FORBIDDEN', `${uri} redirects to ${next.href}, which is refused: ${why}`, { subject: uri, cause: e });
      }
      url = next;
    }
  }

  private send(url: URL, method: string, range: [number, number] | undefined, signal: AbortSignal | undefined, uri: string): Promise<IncomingMessage> {
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'Kinora' };
    if (range) headers.range = `bytes=${range[0]}-${range[1] - 1}`;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = (secure ? https : http).request(url, { method, headers, agent: secure ? this.httpsAgent : this.httpAgent, lookup: this.lookupFor(url), signal }, (response) => {
        const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity') {
          response.destroy();
          reject(new KinoraError('SOURCE_UNAVAILABLE', `${uri}: the server answered with Content-Encoding ${encoding}; byte ranges need the identity encoding`, { subject: uri }));
          return;
        }
        resolve(response);
      });
      request.on('error', (e) => reject(networkError(e, uri, signal)));
      request.end();
    });
  }

  /** `net.connect`'s lookup: resolve, check every address, connect only to checked ones. */
  private lookupFor(url: URL): LookupFunction {
    return ((hostname: string, options: { family?: number | string; all?: boolean }, callback: (error: Error | null, address: string | { address: string; family: number }[], family?: number) => void) => {
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
      this.resolve(hostname, family)
        .then((addresses) => {
          if (addresses.length === 0) throw new KinoraError('SOURCE_UNAVAILABLE', `${url.href}: ${hostname} resolves to no address`, { subject: url.href });
          for (const a of addresses) this.hosts.checkAddress(url, a.address);
          return addresses;
        })
        .then(
          (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
          (e) => callback(e, ''),
        );
    }) as unknown as LookupFunction;
  }
}

function declaredLength(response: IncomingMessage): number | undefined {
  const value = response.headers['content-length'];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Up to `limit` bytes of the body; `more` when the body went on past them (the
 * rest is then dropped, not read). `upTo` stops at `limit` without looking further.
 */
async function readBody(response: IncomingMessage, limit: number, name: string, uri: string, signal: AbortSignal | undefined, upTo = false): Promise<{ bytes: Uint8Array; more: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let more = false;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (total + chunk.byteLength > limit) {
        chunks.push(chunk.subarray(0, limit - total));
        total = limit;
        more = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.byteLength;
      if (upTo && total === limit) break;
    }
  } catch (e) {
    throw networkError(e, uri, signal, name);
  } finally {
    if (!response.complete) response.destroy();
  }
  // As in `discard`: a read that follows at once then reuses this connection rather than opening another.
  if (response.complete) await new Promise((resolve) => setImmediate(resolve));
  return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), more };
}

/**
 * Drops an answer's body. A short one is read to its end first, so that its
 * keep-alive connection is back in the pool before the next read asks for
 * one; a long one is not worth reading: its connection is closed.
 */
async function discard(response: IncomingMessage): Promise<void> {
  // `complete` says the parser has the whole message; the socket is freed only once the body is consumed to 'end'.
  if (response.readableEnded || response.destroyed) return;
  const declared = declaredLength(response);
  if (declared !== undefined && declared > DISCARD_BYTES) {
    response.destroy();
    return;
  }
  let seen = 0;
  await new Promise<void>((resolve) => {
    response.on('data', (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > DISCARD_BYTES) {
        response.destroy();
        resolve();
      }
    });
    // The agent frees the socket just after 'end': resolving a turn later lets the next read find it in the pool.
    response.once('end', () => setImmediate(resolve));
    response.once('close', resolve);
    response.once('error', () => resolve());
  });
}

/** Maps an answer that is neither the data nor a redirect (its body already discarded, or discarded here). */
async function failed(response: IncomingMessage, name: string, subject: string): Promise<never> {
  await discard(response);
  const status = response.statusCode ?? 0;
  if (status === 404 || status === 410) throw new KinoraError('SOURCE_NOT_FOUND', `${name} does not exist (HTTP ${status})`, { subject });
  if (status === 401 || status === 403) throw new KinoraError('SOURCE_FORBIDDEN', `${name}: access denied by the source server (HTTP ${status})`, { subject });
  throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: the source server answered HTTP ${status}`, { subject });
}

function networkError(e: unknown, uri: string, signal: AbortSignal | undefined, name = uri): unknown {
  if (signal?.aborted) return signal.reason;
  if (e instanceof KinoraError) return e;
  const error = e as NodeJS.ErrnoException;
  const what = error.code === 'ENOTFOUND' ? 'host not found' : error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message);
  return new KinoraError('SOURCE_UNAVAILABLE', `${name}: ${what}`, { subject: uri, cause: e });
}
