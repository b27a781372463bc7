import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type DeleteObjectsCommandOutput,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type ListBucketsCommandOutput,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from './ObjectStore.ts';

export interface S3ObjectStoreOptions {
  /** An S3-compatible server (`KINORA_S3_ENDPOINT`, e.g. `http://127.0.0.1:9000`); unset means AWS itself. */
  endpoint?: string;
  /** Signing region; default `us-east-1`. */
  region?: string;
  /** Static keys; unset means the SDK's default chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, `AWS_PROFILE`, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** `/bucket/key` URLs instead of `bucket.host/key`; default true when `endpoint` is set (MinIO, Ceph, s3rver need it), false on AWS. */
  forcePathStyle?: boolean;
  /** Tries per request, retries included, for 5xx, throttling and network errors; default 3 (the SDK's). */
  maxAttempts?: number;
}

/**
 * Object store on S3 or an S3-compatible server, the scale-out adapter of the
 * `ObjectStore` port (contract: docs/storage.md, test/contract/objectStore.test.ts).
 *
 * - Byte ranges are one `GetObject` with `Range: bytes=first-last` (RFC 9110
 *   §14.1.2, inclusive last byte), checked against the answer's `Content-Range`
 *   (§14.4): a range that runs past the object's end is SOURCE_UNAVAILABLE,
 *   never a silently short read (S3 clamps such ranges, and answers 416 to one
 *   starting past the end); an answer wider than asked is cut down.
 * - `maxBytes` is checked against the GetObject answer's `Content-Length`
 *   before any body byte is read (one round trip, and no HEAD/GET race if the
 *   object is replaced in between); the body is then dropped unread.
 * - `list` follows ListObjectsV2 continuation tokens until `IsTruncated` is
 *   false, and passes on each object's `LastModified`; `listBuckets` is
 *   ListBuckets (the buckets the credentials own), following its continuation token.
 * - `delete` is DeleteObject (S3 answers 204 for a key that does not exist);
 *   `deletePrefix` lists the prefix, then sends DeleteObjects in quiet mode,
 *   1000 keys per request (S3's limit), reading each answer's `Errors`.
 * - Errors: 404 / NoSuchKey / NoSuchBucket -> SOURCE_NOT_FOUND, 401/403 ->
 *   SOURCE_FORBIDDEN, SDK timeouts -> SOURCE_TIMEOUT, anything else (5xx after
 *   retries, refused connections) -> SOURCE_UNAVAILABLE; each names `s3://bucket/key`.
 * - An aborted `signal` rejects with `signal.reason`, as `fetch` does.
 *
 * Flexible checksums are only sent or checked where S3 requires them: Kinora's
 * reads are byte ranges, which full-object checksums cannot verify, and several
 * S3-compatible servers reject or mishandle the newer `x-amz-checksum-*` headers.
 */
/** S3's limit for one PutObject (larger objects need a multipart upload). */
const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** S3's limit on the keys of one DeleteObjects request. */
const MAX_KEYS_PER_DELETE = 1000;

export class S3ObjectStore implements ObjectStore {
  // The SDK's `send` overloads do not narrow the output type under this compiler, hence the `as ...Output` casts.
  readonly client: S3Client;

  constructor(options: S3ObjectStoreOptions = {}) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      credentials: options.credentials,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      maxAttempts: options.maxAttempts,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async get(bucket: string, key: string, options: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const name = nameOf(bucket, key);
    const { signal, maxBytes = Number.MAX_SAFE_INTEGER } = options;
    const answer = await this.call(bucket, key, signal, (abortSignal) => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal }) as Promise<GetObjectCommandOutput>);
    const body = answer.Body as Readable | undefined;
    const size = answer.ContentLength;
    if (size !== undefined && size > maxBytes) {
      body?.destroy();
      throw new KinoraError('SOURCE_TOO_LARGE', `${name} is ${size} bytes, over the ${maxBytes}-byte limit`, { subject: name });
    }
    return readBody(body, name, { declaredBytes: size, maxBytes, signal });
  }

  async getRange(bucket: string, key: string, start: number, endExclusive: number, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const name = nameOf(bucket, key);
    const { signal } = options;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(endExclusive) || start < 0 || endExclusive < start) {
      throw new KinoraError('INTERNAL', `${name}: invalid byte range [${start}, ${endExclusive})`, { subject: name });
    }
    if (endExclusive === start) {
      // `bytes=5-4` is not a range S3 understands (it would send the whole object), so an empty read only checks existence.
      signal?.throwIfAborted();
      await this.head(bucket, key);
      signal?.throwIfAborted();
      return new Uint8Array(0);
    }
    const last = endExclusive - 1;
    const wanted = `bytes ${start}-${last}`;
    const answer = await this.call(bucket, key, signal, (abortSignal) => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${last}` }), { abortSignal }) as Promise<GetObjectCommandOutput>, wanted);
    const body = answer.Body as Readable | undefined;
    // RFC 9110 §14.4: the answer's Content-Range says which bytes came back; a server may also ignore Range (200, whole object).
    const answered = answer.ContentRange ?? (answer.ContentLength === undefined ? 'no Content-Range' : `all ${answer.ContentLength} bytes`);
    let first = 0;
    let lastSent = answer.ContentLength === undefined ? Number.MAX_SAFE_INTEGER : answer.ContentLength - 1;
    if (answer.ContentRange !== undefined) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(answer.ContentRange);
      if (!range) {
        body?.destroy();
        throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: asked for ${wanted}, the server answered Content-Range ${answer.ContentRange}`, { subject: name });
      }
      first = Number(range[1]);
      lastSent = Number(range[2]);
    }
    if (first > start || lastSent < last) {
      body?.destroy();
      throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${wanted}, the server has ${answered}: the object ends before them or changed`, { subject: name });
    }
    // A covering answer larger than asked (a server ignoring or widening the range) is cut down to the bytes asked for.
    return readBody(body, name, { skip: start - first, take: endExclusive - start, declaredBytes: answer.ContentLength, signal });
  }

  async head(bucket: string, key: string): Promise<{ size: number; lastModified: Date }> {
    const name = nameOf(bucket, key);
    const answer = await this.call(bucket, key, undefined, () => this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })) as Promise<HeadObjectCommandOutput>);
    if (answer.ContentLength === undefined) throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: HEAD answered without a Content-Length`, { subject: name });
    return { size: answer.ContentLength, lastModified: answer.LastModified ?? new Date(0) };
  }

  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    await this.call(bucket, key, undefined, () => this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength })));
  }

  /** One streamed PutObject with the file's length (S3 takes up to 5 GB in one PUT). */
  async putFile(bucket: string, key: string, source: string): Promise<void> {
    let size: number;
    try {
      size = (await stat(source)).size;
    } catch (e: any) {
      throw new KinoraError('SOURCE_UNAVAILABLE', `cannot store ${source} as s3://${bucket}/${key}: ${e.message}`, { subject: nameOf(bucket, key), cause: e });
    }
    if (size > MAX_SINGLE_PUT_BYTES) {
      throw new KinoraError('SOURCE_TOO_LARGE', `${source} is ${size} bytes; one S3 PUT takes at most ${MAX_SINGLE_PUT_BYTES}`, { subject: nameOf(bucket, key) });
    }
    await this.call(bucket, key, undefined, () => this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(source), ContentLength: size })));
  }

  async list(bucket: string, prefix: string): Promise<{ key: string; size: number; lastModified?: Date }[]> {
    checkBucket(bucket);
    const out: { key: string; size: number; lastModified?: Date }[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = (await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))) as ListObjectsV2CommandOutput;
      } catch (e) {
        // The folder adapter's rule: a bucket nobody created is empty, not an error.
        if (isNoSuchBucket(e)) return [];
        throw toKinoraError(e, `s3://${bucket}/${prefix}`, undefined);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) out.push(object.LastModified ? { key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified } : { key: object.Key, size: object.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !token) {
        throw new KinoraError('SOURCE_UNAVAILABLE', `listing s3://${bucket}/${prefix}: a truncated page without a continuation token`, { subject: `s3://${bucket}/${prefix}` });
      }
    } while (token);
    // S3 lists in UTF-8 byte order; sorting again holds S3-compatible servers that walk folders to the same order.
    return out.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  async delete(bucket: string, key: string): Promise<void> {
    try {
      await this.call(bucket, key, undefined, () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    } catch (e) {
      // S3 itself answers 204 for a missing key; a missing bucket (NoSuchBucket) holds no object either.
      if (e instanceof KinoraError && e.code === 'SOURCE_NOT_FOUND') return;
      throw e;
    }
  }

  async deletePrefix(bucket: string, prefix: string): Promise<number> {
    checkBucket(bucket);
    const name = `s3://${bucket}/${prefix}`;
    if (prefix.length === 0) throw new KinoraError('SOURCE_FORBIDDEN', `refusing to delete every object of bucket ${bucket}: the prefix is empty`, { subject: name });
    const keys = (await this.list(bucket, prefix)).map((o) => o.key);
    const failed: { key: string; message: string; cause?: unknown }[] = [];
    for (let i = 0; i < keys.length; i += MAX_KEYS_PER_DELETE) {
      const batch = keys.slice(i, i + MAX_KEYS_PER_DELETE);
      let answer: DeleteObjectsCommandOutput;
      try {
        // Quiet: the answer lists only the keys S3 could not delete.
        answer = (await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }))) as DeleteObjectsCommandOutput;
      } catch (e) {
        if (isNoSuchBucket(e)) break; // deleted under us: nothing left to remove
        const error = toKinoraError(e, name, undefined) as Error;
        for (const key of batch) failed.push({ key, message: error.message, cause: error });
        continue;
      }
      for (const error of answer.Errors ?? []) failed.push({ key: error.Key ?? '?', message: `${error.Code ?? 'Error'}: ${error.Message ?? ''}` });
    }
    if (failed.length > 0) {
      const first = failed[0];
      throw new KinoraError('SOURCE_UNAVAILABLE', `${failed.length} of the ${keys.length} objects under ${name} could not be deleted; the first, s3://${bucket}/${first.key}: ${first.message}`, { subject: name, cause: first.cause });
    }
    return keys.length;
  }

  async listBuckets(): Promise<{ name: string; createdAt?: Date }[]> {
    const out: { name: string; createdAt?: Date }[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = (await this.client.send(new ListBucketsCommand({ ContinuationToken: token }))) as ListBucketsCommandOutput;
      } catch (e) {
        throw toKinoraError(e, 's3:// (the bucket list)', undefined);
      }
      for (const bucket of page.Buckets ?? []) {
        if (bucket.Name !== undefined) out.push(bucket.CreationDate ? { name: bucket.Name, createdAt: bucket.CreationDate } : { name: bucket.Name });
      }
      token = page.ContinuationToken || undefined;
    } while (token);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Closes the pooled connections; the store is unusable afterwards. */
  close(): void {
    this.client.destroy();
  }

  /** Runs one request for `name`, mapping its failure to the port's codes. */
  private async call<T>(bucket: string, key: string, signal: AbortSignal | undefined, request: (abortSignal: AbortSignal | undefined) => Promise<T>, range?: string): Promise<T> {
    checkBucket(bucket);
    // An empty key would address the bucket itself (a listing), never an object.
    if (key.length === 0) throw new KinoraError('SOURCE_FORBIDDEN', `invalid object key "" in bucket ${bucket}`, { subject: bucket });
    signal?.throwIfAborted();
    try {
      return await request(signal);
    } catch (e) {
      throw toKinoraError(e, nameOf(bucket, key), signal, range);
    }
  }
}

function nameOf(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** S3 bucket naming rules (lowercase letters, digits, dots, hyphens; 3-63 characters): anything else cannot be a path segment we sign. */
function checkBucket(bucket: string): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new KinoraError('SOURCE_FORBIDDEN', `invalid bucket name "${bucket}"`, { subject: bucket });
}

function isNoSuchBucket(e: unknown): boolean {
  return (e as { name?: string })?.name === 'NoSuchBucket';
}

/** Maps an SDK or network failure to the port's codes; an abort surfaces as the signal's own reason. */
function toKinoraError(e: unknown, name: string, signal: AbortSignal | undefined, range?: string): unknown {
  if (signal?.aborted) return signal.reason;
  if (e instanceof KinoraError) return e;
  const error = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = error.$metadata?.httpStatusCode;
  const what = `${error.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 404 || error.name === 'NoSuchKey' || error.name === 'NoSuchBucket' || error.name === 'NotFound') {
    const bucketMissing = error.name === 'NoSuchBucket' ? ': its bucket does not exist' : '';
    return new KinoraError('SOURCE_NOT_FOUND', `${name} does not exist${bucketMissing}`, { subject: name, cause: e });
  }
  if (status === 401 || status === 403) {
    return new KinoraError('SOURCE_FORBIDDEN', `${name}: access denied, ${what}: ${error.message}`, { subject: name, cause: e });
  }
  if (status === 416 || error.name === 'InvalidRange') {
    return new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${range ?? 'a byte range'}, the object ends before it (${what})`, { subject: name, cause: e });
  }
  // The SDK also names ECONNRESET and EPIPE "TimeoutError"; those are broken connections, not slow ones.
  if (error.name === 'TimeoutError' && error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
    return new KinoraError('SOURCE_TIMEOUT', `${name}: ${error.message}`, { subject: name, cause: e });
  }
  return new KinoraError('SOURCE_UNAVAILABLE', `${name}: ${what}: ${error.message}`, { subject: name, cause: e });
}

/**
 * Reads a response body into one fresh buffer: all of it (refusing more than
 * `maxBytes`, or less than its `Content-Length`, i.e. a dropped connection),
 * or `take` bytes after skipping `skip`, dropping the rest of a larger body.
 */
async function readBody(body: Readable | undefined, name: string, options: { skip?: number; take?: number; declaredBytes?: number; maxBytes?: number; signal?: AbortSignal }): Promise<Uint8Array> {
  const { skip = 0, take, declaredBytes, maxBytes = Number.MAX_SAFE_INTEGER, signal } = options;
  if (!body) {
    if (take || declaredBytes) throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: answer without a body`, { subject: name });
    return new Uint8Array(0);
  }
  const onAbort = () => body.destroy(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const pieces: Uint8Array[] = [];
  let seen = 0;
  let kept = 0;
  try {
    signal?.throwIfAborted();
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      const from = Math.max(0, skip - seen);
      seen += chunk.byteLength;
      if (from >= chunk.byteLength) continue;
      let piece = chunk.subarray(from);
      if (take !== undefined && kept + piece.byteLength > take) piece = piece.subarray(0, take - kept);
      kept += piece.byteLength;
      if (kept > maxBytes) throw new KinoraError('SOURCE_TOO_LARGE', `${name} is over the ${maxBytes}-byte limit`, { subject: name });
      pieces.push(piece);
      // Stop early only when more body follows: reading a body to its end lets the connection be reused.
      if (take !== undefined && kept === take && (declaredBytes === undefined || seen < declaredBytes)) break;
    }
  } catch (e) {
    throw toKinoraError(e, name, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!body.readableEnded) body.destroy();
  }
  if (take !== undefined ? kept < take : declaredBytes !== undefined && seen !== declaredBytes) {
    const expected = take ?? declaredBytes;
    throw new KinoraError('SOURCE_UNAVAILABLE', `${name}: expected ${expected} bytes, the body ended after ${kept}`, { subject: name });
  }
  // A fresh buffer: socket chunks may be views into larger pooled buffers.
  const out = new Uint8Array(kept);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}
